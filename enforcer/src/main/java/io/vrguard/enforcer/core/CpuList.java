package io.vrguard.enforcer.core;

import java.util.BitSet;

/**
 * The kernel's CPU list format ({@code %*pbl}): {@code 0-1,3}. An empty string is the empty set. Refuses anything
 * else (hex, spaces inside, descending ranges) with a message.
 */
public final class CpuList {
    /** Far above any real nr_cpu_ids; stops "0-2000000000" from allocating a huge bitset. */
    public static final int MAX_CPUS = 8192;

    private CpuList() {
    }

    public static BitSet parse(String text) {
        BitSet cpus = new BitSet();
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return cpus;
        }
        for (String part : trimmed.split(",", -1)) {
            int dash = part.indexOf('-');
            int from = number(dash < 0 ? part : part.substring(0, dash), text);
            int to = dash < 0 ? from : number(part.substring(dash + 1), text);
            if (to < from) {
                throw new IllegalArgumentException("CPU list '" + text + "': descending range '" + part + "'");
            }
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    public static String format(BitSet cpus) {
        StringBuilder out = new StringBuilder();
        int from = cpus.nextSetBit(0);
        while (from >= 0) {
            int to = cpus.nextClearBit(from) - 1;
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(from);
            if (to > from) {
                out.append('-').append(to);
            }
            from = cpus.nextSetBit(to + 1);
        }
        return out.toString();
    }

    /** The canonical form of a list, e.g. {@code "1,0"} becomes {@code "0-1"}. */
    public static String canonical(String text) {
        return format(parse(text));
    }

    private static int number(String digits, String whole) {
        if (digits.length() > 5 || !Digits.ascii(digits)) {
            throw new IllegalArgumentException("CPU list '" + whole + "': '" + digits + "' is not a CPU number");
        }
        int cpu = Integer.parseInt(digits);
        if (cpu >= MAX_CPUS) {
            throw new IllegalArgumentException("CPU list '" + whole + "': CPU " + cpu + " is beyond " + MAX_CPUS);
        }
        return cpu;
    }
}
