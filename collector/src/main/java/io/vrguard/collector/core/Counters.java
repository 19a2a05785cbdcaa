package io.vrguard.collector.core;

/** Counter deltas: modular for the kernel's 32-bit counters, reset-detecting for 64-bit ones. */
public final class Counters {
    /** A 64-bit counter went down: the object was re-created or reset. */
    public static final long RESET = -1;

    private Counters() {
    }

    /**
     * Delta of an unsigned 32-bit counter, wrap included (at most one wrap per interval is assumed). A modular delta
     * of 2^31 or more means the counter went back (a CPU's counters restarted, a bad read), not 2 billion events in
     * one interval: {@link #RESET}.
     */
    public static long delta32(long previous, long current) {
        long d = (current - previous) & 0xffff_ffffL;
        return d >= 0x8000_0000L ? RESET : d;
    }

    /**
     * More packets per second than any device moves (800 Gb/s of minimum-size frames is 1.2 billion): a delta
     * implying this is a corrupt read or a re-created counter, never a rate.
     */
    public static final double MAX_PPS = 1e10;

    /** Delta of a 64-bit counter, or {@link #RESET} when it went down (never reported as a rate). */
    public static long delta64(long previous, long current) {
        return current >= previous ? current - previous : RESET;
    }

    /** A rate per second from a delta and elapsed seconds; 0 for a reset or no elapsed time. */
    public static double rate(long delta, double seconds) {
        return delta < 0 || seconds <= 0 ? 0.0 : delta / seconds;
    }
}
