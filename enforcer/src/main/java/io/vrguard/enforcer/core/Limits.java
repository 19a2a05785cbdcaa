package io.vrguard.enforcer.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Safety limits on admitted commands.
 *
 * @param maxFactor    the largest ratio between a new and the current value (shares, weight, quota) in one command
 * @param cooldown     after a command changed a VR, further apply commands for it are refused for this long
 * @param maxCommands  at most this many apply commands per VR within {@code rateWindow}
 * @param clockSkew    tolerated difference between the issuer's clock and ours for {@code issuedAt}
 * @param minQuotaPercent the smallest CPU quota cap set, in percent of one CPU: setting a cap from unlimited has no
 *                     step to measure, so this is what keeps one command from starving a VR
 */
public record Limits(double maxFactor, Duration cooldown, int maxCommands, Duration rateWindow, Duration clockSkew,
        double minQuotaPercent) {
    public static final double DEFAULT_MIN_QUOTA_PERCENT = 10.0;

    public Limits {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(rateWindow, "rateWindow");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (!(maxFactor > 1.0)) {
            throw new IllegalArgumentException("maxFactor must be > 1, was " + maxFactor);
        }
        if (maxCommands < 1) {
            throw new IllegalArgumentException("maxCommands must be >= 1, was " + maxCommands);
        }
        if (!(minQuotaPercent > 0 && minQuotaPercent <= 100)) {
            throw new IllegalArgumentException("minQuotaPercent must be within (0, 100], was " + minQuotaPercent);
        }
    }

    /** With the default quota floor. */
    public Limits(double maxFactor, Duration cooldown, int maxCommands, Duration rateWindow, Duration clockSkew) {
        this(maxFactor, cooldown, maxCommands, rateWindow, clockSkew, DEFAULT_MIN_QUOTA_PERCENT);
    }

    public static Limits defaults() {
        return new Limits(2.0, Duration.ofSeconds(60), 6, Duration.ofMinutes(10), Duration.ofSeconds(30));
    }
}
