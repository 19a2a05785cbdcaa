package io.vrguard.collector.core;

import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /proc/net/dev: two header lines, then {@code NAME: 16 unsigned numbers}. Names can be longer than the
 * 6-character column, so the line is split at the first ':' (a ':' cannot occur in an interface name).
 */
public final class NetDevParser {
    private NetDevParser() {
    }

    public static Parsed<Map<String, NetDevCounters>> parse(Reader reader) {
        Map<String, NetDevCounters> devices = new LinkedHashMap<>();
        int skipped = 0;
        List<String> lines = Lines.read(reader);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i < 2 && line.contains("|")) {
                continue;
            }
            NetDevCounters counters = line(line);
            int colon = line.indexOf(':');
            if (counters == null) {
                if (!line.isBlank()) {
                    skipped++;
                }
                continue;
            }
            devices.put(line.substring(0, colon).trim(), counters);
        }
        return new Parsed<>(devices, skipped);
    }

    private static NetDevCounters line(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0 || line.substring(0, colon).isBlank()) {
            return null;
        }
        List<String> f = Lines.fields(line.substring(colon + 1));
        if (f.size() != 16) {
            return null;
        }
        long[] v = new long[16];
        for (int i = 0; i < 16; i++) {
            v[i] = Lines.unsigned(f.get(i));
            if (v[i] < 0) {
                return null;
            }
        }
        return new NetDevCounters(v[0], v[1], v[2], v[3], v[4], v[8], v[9], v[10], v[11], v[12]);
    }
}
