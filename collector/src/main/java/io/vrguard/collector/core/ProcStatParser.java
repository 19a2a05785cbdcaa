package io.vrguard.collector.core;

import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code cpuN} lines of /proc/stat (online CPUs only), keyed by N. Other lines are ignored. */
public final class ProcStatParser {
    private ProcStatParser() {
    }

    public static Parsed<Map<Integer, CpuTimes>> parse(Reader reader) {
        Map<Integer, CpuTimes> result = new LinkedHashMap<>();
        int skipped = 0;
        for (String line : Lines.read(reader)) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                continue;
            }
            List<String> f = Lines.fields(line);
            int id = Lines.index(f.get(0).substring(3));
            long[] v = new long[8];
            boolean ok = id >= 0 && f.size() >= 9;
            for (int i = 0; ok && i < 8; i++) {
                v[i] = Lines.unsigned(f.get(i + 1));
                ok = v[i] >= 0;
            }
            if (!ok) {
                skipped++;
                continue;
            }
            result.put(id, new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
        }
        return new Parsed<>(result, skipped);
    }
}
