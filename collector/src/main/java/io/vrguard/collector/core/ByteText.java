package io.vrguard.collector.core;

/**
 * A cursor over the bytes of a kernel text file (ASCII), for the files read for every VR every sample
 * (/proc/PID/net/dev, cgroup CPU files): numbers are parsed in place, no String per line or field. Never throws on
 * any input; a field that is not a number reads as -1.
 */
public final class ByteText {
    private final byte[] b;
    private final int end;
    private int pos;

    public ByteText(byte[] bytes, int length) {
        this.b = bytes;
        this.end = Math.max(0, Math.min(length, bytes.length));
    }

    public static ByteText of(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return new ByteText(bytes, bytes.length);
    }

    public int length() {
        return end;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public int position() {
        return pos;
    }

    /** End (exclusive) of the current line, without its '\n'. */
    public int lineEnd() {
        int i = pos;
        while (i < end && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /** Moves past the current line's '\n' (or to the end). */
    public void nextLine() {
        pos = Math.min(end, lineEnd() + 1);
    }

    /** Index of {@code c} between the cursor and {@code limit}, or -1. */
    public int indexOf(byte c, int limit) {
        for (int i = pos; i < limit; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    public void moveTo(int position) {
        pos = Math.max(0, Math.min(end, position));
    }

    /** True when the current line has nothing but blanks up to {@code limit}. */
    public boolean blankUntil(int limit) {
        for (int i = pos; i < limit; i++) {
            if (!blank(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** The text between {@code from} and {@code to}, blanks trimmed. */
    public String trimmed(int from, int to) {
        while (from < to && blank(b[from])) {
            from++;
        }
        while (to > from && blank(b[to - 1])) {
            to--;
        }
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Skips blanks; true when a field starts before {@code limit}. */
    public boolean hasField(int limit) {
        while (pos < limit && blank(b[pos])) {
            pos++;
        }
        return pos < limit;
    }

    /**
     * The next whitespace-separated field as an unsigned decimal: -1 when it is not one (or is absent);
     * values above Long.MAX_VALUE are clamped to it, as {@code Lines.unsigned} does.
     */
    public long unsigned(int limit) {
        if (!hasField(limit)) {
            return -1;
        }
        long v = 0;
        boolean ok = true;
        int digits = 0;
        while (pos < limit && !blank(b[pos])) {
            int c = b[pos++] - '0';
            if (c < 0 || c > 9) {
                ok = false;
            } else if (ok) {
                v = v > (Long.MAX_VALUE - c) / 10 ? Long.MAX_VALUE : v * 10 + c;
            }
            digits++;
        }
        return ok && digits <= 20 ? v : -1;
    }

    /** The next field compared with an ASCII key, consumed whether it matches or not. */
    public boolean fieldEquals(String key, int limit) {
        if (!hasField(limit)) {
            return false;
        }
        int start = pos;
        while (pos < limit && !blank(b[pos])) {
            pos++;
        }
        if (pos - start != key.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (b[start + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The next field as text (used for keys of key/value files; these are few and short). */
    public String field(int limit) {
        if (!hasField(limit)) {
            return "";
        }
        int start = pos;
        while (pos < limit && !blank(b[pos])) {
            pos++;
        }
        return new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
