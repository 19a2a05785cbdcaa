package io.vrguard.collector.core;

import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /proc/net/softnet_stat: one row of 8-digit hex u32 per online CPU; 9 to 15 columns depending on the kernel. The
 * CPU id is column 13 when present (5.10+, needed because offline CPUs are skipped), else the row index.
 */
public final class SoftnetParser {
    private SoftnetParser() {
    }

    public static Parsed<Map<Integer, SoftnetCounts>> parse(Reader reader) {
        Map<Integer, SoftnetCounts> result = new LinkedHashMap<>();
        int skipped = 0;
        int row = 0;
        for (String line : Lines.read(reader)) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Lines.fields(line);
            long[] v = f.size() < 9 || f.size() > 15 ? null : hex(f);
            if (v == null || f.size() >= 13 && v[12] > Integer.MAX_VALUE) { // a CPU number past int is malformed
                skipped++;
                row++;
                continue;
            }
            int cpu = f.size() >= 13 ? (int) v[12] : row;
            result.put(cpu, new SoftnetCounts(v[0], v[1], v[2]));
            row++;
        }
        return new Parsed<>(result, skipped);
    }

    private static long[] hex(List<String> fields) {
        long[] v = new long[fields.size()];
        for (int i = 0; i < v.length; i++) {
            String s = fields.get(i);
            // Long.parseLong takes a sign, which no u32 hex field has: "-0000002" would read as -2
            if (s.isEmpty() || s.length() > 8 || s.charAt(0) == '-' || s.charAt(0) == '+') {
                return null;
            }
            try {
                v[i] = Long.parseLong(s, 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return v;
    }
}
