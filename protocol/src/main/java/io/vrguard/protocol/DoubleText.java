package io.vrguard.protocol;

import java.math.BigInteger;

/**
 * Writes a finite double as the shortest decimal that reads back as the same double, in ASCII straight into a
 * byte array: no String, no allocation. The decimal is chosen by Raffaello Giulietti's Schubfach algorithm
 * (R. Giulietti, "The Schubfach way to render doubles", 2020), the one behind {@code Double.toString} since JDK 19,
 * and laid out as {@code Double.toString} lays it out: plain from 10^-3 up to 10^7 ({@code 0.001}, {@code 100.0},
 * {@code 9999999.0}), computerized scientific notation otherwise ({@code 1.0E7}, {@code 4.9E-324}). On JDK 17,
 * {@code Double.toString} (which Jackson uses) is not always the shortest ({@code 1e23} prints as
 * {@code 9.999999999999999E22}); both texts read back as the same double.
 */
final class DoubleText {
    /** Longest text written: sign, 17 digits, point, 'E', exponent sign and 3 digits. */
    static final int MAX_LENGTH = 24;

    private static final int P = 53; // precision of a double, hidden bit included
    private static final int Q_MIN = -1074; // exponent of the least subnormal, v = c 2^q
    private static final long C_MIN = 1L << P - 1;
    private static final long T_MASK = C_MIN - 1;
    private static final int BQ_MASK = 0x7ff;
    /** Subnormal significands below this are scaled by 10 so that at least two digits are computed. */
    private static final long C_TINY = 3;
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = (1L << 63) - 1;
    /** For k in K_MIN..K_MAX, g = floor(10^-k 2^-r) + 1 with 2^125 <= g < 2^126, as g1 2^63 + g0. */
    private static final long[] G = table();

    private DoubleText() {
    }

    /** Writes finite {@code v} at {@code pos} (room for {@link #MAX_LENGTH} bytes needed); returns the new end. */
    static int write(byte[] out, int pos, double v) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & T_MASK;
        int bq = (int) (bits >>> P - 1) & BQ_MASK;
        if (bq == BQ_MASK) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (bits < 0) {
            out[pos++] = '-';
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq; // -q
            long c = C_MIN | t;
            if (0 < mq && mq < P) { // an integer below 2^53: its own digits are the shortest
                long f = c >> mq;
                if (f << mq == c) {
                    return layout(out, pos, f, 0);
                }
            }
            return decimal(out, pos, -mq, c, 0);
        }
        if (t != 0) {
            return t < C_TINY ? decimal(out, pos, Q_MIN, 10 * t, -1) : decimal(out, pos, Q_MIN, t, 0);
        }
        out[pos] = '0';
        out[pos + 1] = '.';
        out[pos + 2] = '0';
        return pos + 3;
    }

    /** Schubfach for v = c 2^q: the shortest decimal s 10^k in v's rounding interval, the closest if several. */
    private static int decimal(byte[] out, int pos, int q, long c, int dk) {
        int odd = (int) c & 1; // an odd significand's interval excludes its ends (round half to even)
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else { // a power of two: the interval below is half as wide
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        int i = k - K_MIN << 1;
        long g1 = G[i];
        long g0 = G[i + 1];
        long vb = rop(g1, g0, cb << h);
        long vbl = rop(g1, g0, cbl << h);
        long vbr = rop(g1, g0, cbr << h);

        long s = vb >> 2;
        if (s >= 100) { // one digit fewer, if exactly one of its two candidates is in the interval
            long sp10 = 10 * multiplyHigh(s, 115_292_150_460_684_698L << 4); // 10 floor(s / 10)
            long tp10 = sp10 + 10;
            boolean upin = vbl + odd <= sp10 << 2;
            boolean wpin = (tp10 << 2) + odd <= vbr;
            if (upin != wpin) {
                return layout(out, pos, upin ? sp10 : tp10, k + dk);
            }
        }
        long tt = s + 1;
        boolean uin = vbl + odd <= s << 2;
        boolean win = (tt << 2) + odd <= vbr;
        if (uin != win) {
            return layout(out, pos, uin ? s : tt, k + dk);
        }
        long cmp = vb - (s + tt << 1); // both in: the closer, the even one on a tie
        return layout(out, pos, cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : tt, k + dk);
    }

    /** Round to odd of cp g 2^-127, g = g1 2^63 + g0. */
    private static long rop(long g1, long g0, long cp) {
        long x1 = multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /**
     * The high 64 bits of the 128-bit product of {@code x, y} >= 0. {@code Math.multiplyHigh} is a C2 intrinsic
     * only; under C1 (the collector's compiler) it is an out-of-line call, and this one is small enough to inline.
     */
    static long multiplyHigh(long x, long y) {
        long x0 = x & 0xffff_ffffL;
        long x1 = x >>> 32;
        long y0 = y & 0xffff_ffffL;
        long y1 = y >>> 32;
        long t = x1 * y0 + (x0 * y0 >>> 32);
        return x1 * y1 + (t >>> 32) + ((t & 0xffff_ffffL) + x0 * y1 >>> 32);
    }

    /** floor(q log10 2), for |q| well beyond a double's exponents. */
    static int flog10pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(q log10 2 + log10 3/4). */
    static int flog10threeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** floor(q log2 10). */
    static int flog2pow10(int q) {
        return (int) (q * 913_124_641_741L >> 38);
    }

    /** g1 and g0 of 10^-k, as {@link #G} holds them (tests compare them to a reference). */
    static long g1(int k) {
        return G[k - K_MIN << 1];
    }

    static long g0(int k) {
        return G[(k - K_MIN << 1) + 1];
    }

    /** Computed once, exactly: 617 powers of ten, a few milliseconds at class initialisation. */
    private static long[] table() {
        long[] g = new long[K_MAX - K_MIN + 1 << 1];
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            BigInteger floor;
            if (k <= 0) { // 10^-k is an integer: shift it into [2^125, 2^126)
                BigInteger n = BigInteger.TEN.pow(-k);
                int r = n.bitLength() - 126;
                floor = r >= 0 ? n.shiftRight(r) : n.shiftLeft(-r);
            } else { // 10^-k = 1 / d, d not a power of two: floor(2^(125 + bitLength(d)) / d) is in (2^125, 2^126)
                BigInteger d = BigInteger.TEN.pow(k);
                floor = BigInteger.ONE.shiftLeft(125 + d.bitLength()).divide(d);
            }
            BigInteger v = floor.add(BigInteger.ONE);
            int i = k - K_MIN << 1;
            g[i] = v.shiftRight(63).longValueExact();
            g[i + 1] = v.and(mask63).longValue();
        }
        return g;
    }

    /**
     * Lays out f 10^e (f > 0) as {@code Double.toString} does: plain when 10^-3 <= value < 10^7 (at least one digit
     * either side of the point), else d.dddE±n.
     */
    private static int layout(byte[] out, int pos, long f, int e) {
        // trailing zeros off (at most one long division for a full-precision significand)
        if (f > Integer.MAX_VALUE) {
            while (f % 10 == 0) {
                f /= 10;
                e++;
            }
        }
        if (f <= Integer.MAX_VALUE) {
            int i = (int) f;
            for (int q = div10(i); q * 10 == i; q = div10(i)) {
                i = q;
                e++;
            }
            f = i;
        }
        int n = digitCount(f);
        int exp = e + n - 1; // value = d.ddd 10^exp
        if (exp >= 0 && exp < 7) {
            writeDigits(out, pos, f, n);
            if (n <= exp + 1) { // an integer: digits, zeros, ".0"
                int end = pos + n;
                for (int z = 0; z < exp + 1 - n; z++) {
                    out[end++] = '0';
                }
                out[end] = '.';
                out[end + 1] = '0';
                return end + 2;
            }
            int point = pos + exp + 1;
            System.arraycopy(out, point, out, point + 1, n - exp - 1);
            out[point] = '.';
            return pos + n + 1;
        }
        if (exp < 0 && exp >= -3) { // 0.00ddd
            out[pos++] = '0';
            out[pos++] = '.';
            for (int z = 0; z < -exp - 1; z++) {
                out[pos++] = '0';
            }
            writeDigits(out, pos, f, n);
            return pos + n;
        }
        writeDigits(out, pos + 1, f, n); // d.ddd or d.0
        out[pos] = out[pos + 1];
        out[pos + 1] = '.';
        int end;
        if (n == 1) {
            out[pos + 2] = '0';
            end = pos + 3;
        } else {
            end = pos + n + 1;
        }
        out[end++] = 'E';
        if (exp < 0) {
            out[end++] = '-';
            exp = -exp;
        }
        int m = exp >= 100 ? 3 : exp >= 10 ? 2 : 1;
        writeDigits(out, end, exp, m);
        return end + m;
    }

    /**
     * Writes the {@code n} decimal digits of {@code v} >= 0 at {@code pos}: long divisions split off eight digits at
     * a time until an int is left, and ints are divided by multiplication (C1, the collector's compiler, does not
     * turn a division by a constant into one).
     */
    static void writeDigits(byte[] out, int pos, long v, int n) {
        if (v > Integer.MAX_VALUE) {
            long high = v / 100_000_000;
            int low = (int) (v - high * 100_000_000);
            writeInt(out, pos + n - 8, low, 8);
            v = high;
            n -= 8;
            if (v > Integer.MAX_VALUE) {
                high = v / 100_000_000;
                low = (int) (v - high * 100_000_000);
                writeInt(out, pos + n - 8, low, 8);
                v = high;
                n -= 8;
            }
        }
        writeInt(out, pos, (int) v, n);
    }

    /** The last {@code n} digits of {@code v} >= 0, zero-padded, at {@code pos}. */
    static void writeInt(byte[] out, int pos, int v, int n) {
        for (int p = pos + n - 1; p >= pos; p--) {
            int q = div10(v);
            out[p] = (byte) ('0' + v - q * 10);
            v = q;
        }
    }

    /** v / 10 for 0 <= v < 2^31, by multiplication. */
    private static int div10(int v) {
        return (int) (v * 0xCCCC_CCCDL >>> 35);
    }

    /** Decimal digits of {@code v} >= 0 (1 for 0). */
    static int digitCount(long v) {
        int n = flog10pow2(64 - Long.numberOfLeadingZeros(v));
        return n < POW10.length && v >= POW10[n] ? n + 1 : Math.max(n, 1);
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }
}
