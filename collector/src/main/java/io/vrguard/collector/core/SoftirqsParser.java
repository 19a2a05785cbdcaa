package io.vrguard.collector.core;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /proc/softirqs: a header of {@code CPUn} (possible CPUs), then one row per vector, found by name (older kernels
 * have other rows). Columns map to CPUs by the header, never by position alone.
 */
public final class SoftirqsParser {
    private SoftirqsParser() {
    }

    public static Parsed<Map<Integer, SoftirqCounts>> parse(Reader reader) {
        List<String> lines = Lines.read(reader);
        if (lines.isEmpty()) {
            return new Parsed<>(Map.of(), 0);
        }
        List<Integer> cpus = CpuHeader.parse(lines.get(0));
        if (cpus == null) {
            return new Parsed<>(Map.of(), lines.size());
        }
        long[] rx = null;
        long[] tx = null;
        int skipped = 0;
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim();
            if (!name.equals("NET_RX") && !name.equals("NET_TX")) {
                continue;
            }
            long[] values = values(line.substring(colon + 1), cpus.size());
            if (values == null) {
                skipped++;
            } else if (name.equals("NET_RX")) {
                rx = values;
            } else {
                tx = values;
            }
        }
        Map<Integer, SoftirqCounts> result = new LinkedHashMap<>();
        for (int i = 0; i < cpus.size() && rx != null && tx != null; i++) {
            result.put(cpus.get(i), new SoftirqCounts(rx[i], tx[i]));
        }
        return new Parsed<>(result, skipped);
    }

    static long[] values(String rest, int count) {
        List<String> f = Lines.fields(rest);
        if (f.size() < count) {
            return null;
        }
        long[] v = new long[count];
        for (int i = 0; i < count; i++) {
            v[i] = Lines.unsigned(f.get(i));
            if (v[i] < 0) {
                return null;
            }
        }
        return v;
    }

    /** The {@code CPU0 CPU1 ...} header of /proc/softirqs and /proc/interrupts. */
    static final class CpuHeader {
        private CpuHeader() {
        }

        static List<Integer> parse(String header) {
            List<Integer> cpus = new ArrayList<>();
            for (String f : Lines.fields(header)) {
                int id = f.startsWith("CPU") ? Lines.index(f.substring(3)) : -1;
                if (id < 0) {
                    return null;
                }
                cpus.add(id);
            }
            return cpus.isEmpty() ? null : cpus;
        }
    }
}
