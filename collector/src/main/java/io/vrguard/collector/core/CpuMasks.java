package io.vrguard.collector.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * CPU sets in the kernel's two text forms: hex bitmaps ({@code rps_cpus}, {@code smp_affinity}: 32-bit chunks,
 * most significant first, separated by ',', no 0x) and lists ({@code cpuset.cpus}, {@code smp_affinity_list}:
 * {@code 0-3,8,10-11}). Malformed text gives an IllegalArgumentException naming it.
 */
public final class CpuMasks {
    private static final int MAX_CPU = 8191;

    private CpuMasks() {
    }

    public static List<Integer> parseHex(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty CPU mask");
        }
        String[] chunks = s.split(",", -1);
        List<Integer> cpus = new ArrayList<>();
        for (int c = chunks.length - 1, base = 0; c >= 0; c--, base += 32) {
            String chunk = chunks[c];
            if (chunk.isEmpty() || chunk.length() > 8 || !chunk.chars().allMatch(CpuMasks::isHex)) {
                throw new IllegalArgumentException("malformed CPU mask '" + s + "'");
            }
            long bits = Long.parseLong(chunk, 16);
            for (int b = 0; b < 32; b++) {
                if ((bits & (1L << b)) != 0) {
                    cpus.add(base + b);
                }
            }
        }
        cpus.sort(Integer::compare);
        return cpus;
    }

    public static List<Integer> parseList(String text) {
        String s = text.strip();
        TreeSet<Integer> cpus = new TreeSet<>();
        if (s.isEmpty()) {
            return List.of();
        }
        for (String part : s.split(",")) {
            int dash = part.indexOf('-');
            long from = Lines.unsigned(dash < 0 ? part : part.substring(0, dash));
            long to = dash < 0 ? from : Lines.unsigned(part.substring(dash + 1));
            if (from < 0 || to < from || to > MAX_CPU) {
                throw new IllegalArgumentException("malformed CPU list '" + s + "'");
            }
            for (long cpu = from; cpu <= to; cpu++) {
                cpus.add((int) cpu);
            }
        }
        return List.copyOf(cpus);
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
