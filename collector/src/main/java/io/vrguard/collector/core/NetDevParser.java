package io.vrguard.collector.core;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /proc/net/dev: two header lines, then {@code NAME: 16 unsigned numbers}. Names can be longer than the
 * 6-character column, so the line is split at the first ':' (a ':' cannot occur in an interface name). Parsed from
 * the file's bytes: this runs for every namespace every sample.
 */
public final class NetDevParser {
    private NetDevParser() {
    }

    public static Parsed<Map<String, NetDevCounters>> parse(Reader reader) {
        StringWriter text = new StringWriter();
        try {
            reader.transferTo(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(ByteText.of(text.toString()));
    }

    public static Parsed<Map<String, NetDevCounters>> parse(ByteText in) {
        Map<String, NetDevCounters> devices = new LinkedHashMap<>();
        int skipped = 0;
        long[] v = new long[16];
        for (int line = 0; !in.atEnd(); line++, in.nextLine()) {
            int end = in.lineEnd();
            if (line < 2 && in.indexOf((byte) '|', end) >= 0) {
                continue;
            }
            int colon = in.indexOf((byte) ':', end);
            if (colon < 0 || in.blankUntil(colon)) {
                skipped += in.blankUntil(end) ? 0 : 1;
                continue;
            }
            int start = in.position();
            in.moveTo(colon + 1);
            boolean ok = true;
            for (int i = 0; i < 16 && ok; i++) {
                v[i] = in.unsigned(end);
                ok = v[i] >= 0;
            }
            if (!ok || in.hasField(end)) {
                skipped++;
                continue;
            }
            devices.put(in.trimmed(start, colon),
                    new NetDevCounters(v[0], v[1], v[2], v[3], v[4], v[8], v[9], v[10], v[11], v[12]));
        }
        return new Parsed<>(devices, skipped);
    }
}
