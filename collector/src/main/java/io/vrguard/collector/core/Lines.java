package io.vrguard.collector.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Small text helpers shared by the parsers. */
final class Lines {
    private Lines() {
    }

    static List<String> read(Reader reader) {
        List<String> lines = new ArrayList<>();
        // a small buffer: kernel files are short and hundreds are parsed per sample (8 KiB each was most garbage)
        try (BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 512)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Whitespace-separated fields without regex (this runs for every line of every file, every sample). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }

    /** A CPU or IRQ number: an unsigned decimal within int range; -1 when it is not one. */
    static int index(String s) {
        long v = unsigned(s);
        return v >= 0 && v <= Integer.MAX_VALUE ? (int) v : -1;
    }

    /**
     * An unsigned decimal; -1 when it is not one (callers count the line as malformed). u64 values above 2^63 - 1
     * (never reached by a real counter) are clamped to Long.MAX_VALUE.
     */
    static long unsigned(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return -1;
        }
        if (s.length() >= 19) {
            try {
                long v = Long.parseUnsignedLong(s);
                return v < 0 ? Long.MAX_VALUE : v;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
