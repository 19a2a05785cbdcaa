package io.vrguard.lab.core;

/**
 * The per-packet work that gives a KVM-style relay a wanted capacity, from two measurements. A relay's time per
 * packet is a fixed part (reading and writing the tuns, the kernel's forwarding) plus a part proportional to its
 * busy-work rounds, so 1/capacity is linear in the work: two points fix the line, and the line gives the work.
 */
public final class RelayWorkFit {
    /** Smallest and largest work the lab will pick; outside them the fit is extrapolating too far to trust. */
    public static final int MIN_WORK = 100;
    public static final int MAX_WORK = 1_000_000;

    private RelayWorkFit() {
    }

    /** A first guess for the second measurement: as if all of the time per packet were busy work. */
    public static int proportionalGuess(int work, double measuredKpps, double targetKpps) {
        check(work, measuredKpps);
        return clamp(Math.round(work * measuredKpps / targetKpps));
    }

    /**
     * The work at which the line through ({@code work1}, 1/{@code kpps1}) and ({@code work2}, 1/{@code kpps2})
     * reaches 1/{@code targetKpps}; the proportional guess from the point nearer the target when the two points
     * do not make a rising line (noise larger than the difference they measure).
     */
    public static int fit(int work1, double kpps1, int work2, double kpps2, double targetKpps) {
        check(work1, kpps1);
        check(work2, kpps2);
        if (!(targetKpps > 0)) {
            throw new IllegalArgumentException("target capacity must be positive, got " + targetKpps);
        }
        double slope = (1 / kpps2 - 1 / kpps1) / (work2 - work1);
        if (work1 == work2 || !(slope > 0)) {
            boolean firstNearer = Math.abs(kpps1 - targetKpps) <= Math.abs(kpps2 - targetKpps);
            return firstNearer ? proportionalGuess(work1, kpps1, targetKpps)
                    : proportionalGuess(work2, kpps2, targetKpps);
        }
        return clamp(Math.round(work1 + (1 / targetKpps - 1 / kpps1) / slope));
    }

    private static void check(int work, double kpps) {
        if (work <= 0 || !(kpps > 0)) {
            throw new IllegalArgumentException("a calibration point needs positive work and capacity, got work "
                    + work + " at " + kpps + " kpps");
        }
    }

    private static int clamp(long work) {
        return (int) Math.max(MIN_WORK, Math.min(MAX_WORK, work));
    }
}
