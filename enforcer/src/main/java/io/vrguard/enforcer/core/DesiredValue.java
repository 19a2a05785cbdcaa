package io.vrguard.enforcer.core;

import io.vrguard.protocol.Setting;

/**
 * Turns a checked request into the canonical value of a knob's own unit (shares on v1, weight on v2, by systemd's
 * formula) and checks the step from the current value against the configured factor.
 */
public final class DesiredValue {
    private DesiredValue() {
    }

    public static String forKnob(Setting requested, String value, Knob knob, String current) {
        String v = value.strip();
        return switch (knob.nativeSetting()) {
            case CPU_SHARES -> Long.toString(requested == Setting.CPU_WEIGHT
                    ? CpuShares.toShares(Long.parseLong(v)) : Long.parseLong(v));
            case CPU_WEIGHT -> Long.toString(requested == Setting.CPU_SHARES
                    ? CpuShares.toWeight(Long.parseLong(v)) : Long.parseLong(v));
            case CPU_QUOTA -> CpuQuota.parse(v, currentPeriod(current)).canonical();
            case IRQ_AFFINITY, RPS_CPUS, XPS_CPUS -> CpuList.canonical(v);
        };
    }

    /** Refuses a step larger than {@code maxFactor} in either direction; masks have no step. */
    public static void checkStep(Knob knob, String current, String desired, double maxFactor) {
        double ratio = switch (knob.nativeSetting()) {
            case CPU_SHARES, CPU_WEIGHT -> ratio(Long.parseLong(current), Long.parseLong(desired));
            case CPU_QUOTA -> quotaRatio(current, desired);
            default -> 1.0;
        };
        if (ratio > maxFactor) {
            throw new RejectedException(Rejection.STEP_TOO_LARGE, knob.target() + " from " + current + " to "
                    + desired + " is a factor of " + String.format(java.util.Locale.ROOT, "%.2f", ratio)
                    + ", more than the allowed " + maxFactor);
        }
    }

    private static double quotaRatio(String current, String desired) {
        CpuQuota from = CpuQuota.parse(current, 0);
        CpuQuota to = CpuQuota.parse(desired, 0);
        if (from.unlimited() || to.unlimited()) {
            return 1.0; // setting or lifting a cap is allowed by the policy check, not measured as a step
        }
        return ratio(from.cpus(), to.cpus());
    }

    private static double ratio(double a, double b) {
        if (a <= 0 || b <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(a / b, b / a);
    }

    private static long currentPeriod(String current) {
        return current == null ? 100_000 : CpuQuota.parse(current, 100_000).periodUs();
    }
}
