package io.vrguard.analyzer.core;

import java.time.Duration;

/**
 * Parameters of detection and planning.
 *
 * @param breachIntervals      k: intervals that must breach ...
 * @param windowIntervals      n: ... among the last n (also the window length rules need)
 * @param clearIntervals       consecutive evaluations without the finding before a violation resolves (exit
 *                             hysteresis; entry hysteresis is k of n)
 * @param staleIntervals       intervals without samples before a host or VR goes stale
 * @param busySaturatedPercent a CPU this busy (or this much SoftIRQ) counts as saturated
 * @param verifyIntervals      intervals after a command before the remedy is judged
 * @param cooldown             no new plan for a VR this soon after the last one
 * @param commandTtl           how long a command stays valid
 * @param baseShares           cpu.shares of the lightest VR in a share plan
 * @param rearmIntervals       intervals after giving up on a remedy before it may be tried again for the same
 *                             violation and cause (0 = only when the situation changes)
 * @param maxShareStepFactor   the enforcer's largest allowed step (new/current or current/new) for cpu.shares;
 *                             share plans move at most this far from the current value per command
 */
public record DetectionSettings(
        int breachIntervals,
        int windowIntervals,
        int clearIntervals,
        int staleIntervals,
        double busySaturatedPercent,
        int verifyIntervals,
        Duration cooldown,
        Duration commandTtl,
        long baseShares,
        int rearmIntervals,
        double maxShareStepFactor) {

    /** Re-arm after 60 intervals; the enforcer's default step factor (2). */
    public DetectionSettings(int breachIntervals, int windowIntervals, int clearIntervals, int staleIntervals,
            double busySaturatedPercent, int verifyIntervals, Duration cooldown, Duration commandTtl,
            long baseShares) {
        this(breachIntervals, windowIntervals, clearIntervals, staleIntervals, busySaturatedPercent,
                verifyIntervals, cooldown, commandTtl, baseShares, 60, 2.0);
    }

    public DetectionSettings {
        if (breachIntervals < 1 || windowIntervals < breachIntervals) {
            throw new IllegalArgumentException("need 1 <= breachIntervals (" + breachIntervals
                    + ") <= windowIntervals (" + windowIntervals + ")");
        }
        if (clearIntervals < 1 || staleIntervals < 1 || verifyIntervals < 1) {
            throw new IllegalArgumentException("clearIntervals, staleIntervals and verifyIntervals must be >= 1");
        }
        if (busySaturatedPercent <= 0 || busySaturatedPercent > 100) {
            throw new IllegalArgumentException("busySaturatedPercent must be within (0, 100]");
        }
        if (rearmIntervals < 0 || !(maxShareStepFactor > 1)) {
            throw new IllegalArgumentException("need rearmIntervals >= 0 (" + rearmIntervals
                    + ") and maxShareStepFactor > 1 (" + maxShareStepFactor + ")");
        }
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(3, 5, 2, 3, 95.0, 3, Duration.ofSeconds(30), Duration.ofSeconds(30), 1024);
    }
}
