package io.vrguard.enforcer.core;

import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.util.BitSet;

/**
 * Bounds of one requested value before anything is read: format, the kernel's range, the VR's policy, and for a
 * quota cap the enforcer's own floor. Values outside are refused, never clamped. A change must carry the policy
 * bounds of what it changes (the analyzer always sends them): without them there is nothing to hold the value to,
 * so it is refused rather than allowed the kernel's whole range.
 */
public final class ChangeCheck {
    private ChangeCheck() {
    }

    /**
     * @param onlineCpus      CPUs online on this host; masks may name no other
     * @param minQuotaPercent the smallest quota cap the enforcer sets, in percent of one CPU
     */
    public static void check(SettingChange change, BitSet onlineCpus, double minQuotaPercent) {
        PolicyBounds bounds = change.bounds();
        switch (change.setting()) {
            case CPU_SHARES -> shares(decimal(change), bounds);
            case CPU_WEIGHT -> weight(decimal(change), bounds);
            case CPU_QUOTA -> quota(change, bounds, minQuotaPercent);
            case IRQ_AFFINITY, RPS_CPUS, XPS_CPUS -> cpus(change, bounds, onlineCpus);
        }
    }

    private static void shares(long shares, PolicyBounds bounds) {
        if (!CpuShares.sharesInRange(shares)) {
            throw new RejectedException(Rejection.OUT_OF_RANGE, "cpu_shares " + shares + " is outside the kernel's "
                    + CpuShares.MIN_SHARES + ".." + CpuShares.MAX_SHARES);
        }
        policyShares(shares, "cpu_shares " + shares, bounds);
    }

    private static void weight(long weight, PolicyBounds bounds) {
        if (!CpuShares.weightInRange(weight)) {
            throw new RejectedException(Rejection.OUT_OF_RANGE, "cpu_weight " + weight + " is outside the kernel's "
                    + CpuShares.MIN_WEIGHT + ".." + CpuShares.MAX_WEIGHT);
        }
        policyShares(CpuShares.toShares(weight), "cpu_weight " + weight, bounds);
    }

    private static void policyShares(long shares, String what, PolicyBounds bounds) {
        if (bounds == null || bounds.minShares() == null || bounds.maxShares() == null) {
            throw new RejectedException(Rejection.MISSING_BOUNDS, what + ": the change carries no policy bounds "
                    + "(minShares and maxShares) to hold it to");
        }
        if (shares < bounds.minShares() || shares > bounds.maxShares()) {
            throw new RejectedException(Rejection.POLICY_BOUNDS, what + " (as shares " + shares
                    + ") is outside the VR's policy " + bounds.minShares() + ".." + bounds.maxShares());
        }
    }

    private static void quota(SettingChange change, PolicyBounds bounds, double minQuotaPercent) {
        if (bounds == null) {
            throw new RejectedException(Rejection.MISSING_BOUNDS, "cpu_quota: the change carries no policy bounds "
                    + "to say whether a quota is allowed");
        }
        if (!bounds.quotaAllowed()) {
            throw new RejectedException(Rejection.QUOTA_NOT_ALLOWED, "the VR's policy does not allow a CPU quota");
        }
        CpuQuota quota;
        try {
            quota = CpuQuota.parse(change.value(), CpuQuota.MIN_PERIOD);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.BAD_VALUE, e.getMessage());
        }
        // A cap's share of a CPU depends on its period: without one it would take the knob's, unknown here.
        if (!quota.unlimited() && change.value().strip().split("\\s+").length != 2) {
            throw new RejectedException(Rejection.BAD_VALUE, "quota '" + change.value()
                    + "' has no period: 'QUOTA_US PERIOD_US' or 'max'");
        }
        if (!quota.inRange()) {
            throw new RejectedException(Rejection.OUT_OF_RANGE, "quota '" + change.value()
                    + "': period must be 1000..1000000 µs and quota at least 1000 µs");
        }
        quotaFloor(quota, minQuotaPercent, bounds);
    }

    /**
     * A cap is a share of a CPU. The step factor cannot hold it when it is set from or lifted to unlimited (there is
     * no ratio to infinity), so a floor does: the enforcer's own, and the policy's when it names one.
     */
    private static void quotaFloor(CpuQuota quota, double minQuotaPercent, PolicyBounds bounds) {
        if (quota.unlimited()) {
            return;
        }
        double percent = quota.cpus() * 100;
        if (percent < minQuotaPercent) {
            throw new RejectedException(Rejection.QUOTA_TOO_LOW, "quota '" + quota.canonical() + "' caps the VR at "
                    + percent(percent) + " % of a CPU, below the enforcer's minimum of " + percent(minQuotaPercent)
                    + " %");
        }
        if (bounds.minQuotaPercent() != null && percent < bounds.minQuotaPercent()) {
            throw new RejectedException(Rejection.POLICY_BOUNDS, "quota '" + quota.canonical() + "' caps the VR at "
                    + percent(percent) + " % of a CPU, below the VR's policy minimum of "
                    + percent(bounds.minQuotaPercent()) + " %");
        }
    }

    private static String percent(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    private static void cpus(SettingChange change, PolicyBounds bounds, BitSet online) {
        if (bounds == null) {
            throw new RejectedException(Rejection.MISSING_BOUNDS, change.setting().wireName() + ": the change "
                    + "carries no policy bounds (allowedCpus, empty for any online CPU) to hold it to");
        }
        BitSet cpus;
        try {
            cpus = CpuList.parse(change.value());
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.BAD_VALUE, e.getMessage());
        }
        if (cpus.isEmpty() && change.setting() == Setting.IRQ_AFFINITY) {
            throw new RejectedException(Rejection.BAD_VALUE, "an IRQ needs at least one CPU");
        }
        BitSet offline = (BitSet) cpus.clone();
        offline.andNot(online);
        if (!offline.isEmpty()) {
            throw new RejectedException(Rejection.OUT_OF_RANGE, "CPUs " + CpuList.format(offline)
                    + " are not online (online: " + CpuList.format(online) + ")");
        }
        if (!bounds.allowedCpus().isEmpty()) {
            BitSet outside = (BitSet) cpus.clone();
            bounds.allowedCpus().forEach(outside::clear);
            if (!outside.isEmpty()) {
                throw new RejectedException(Rejection.POLICY_BOUNDS, "CPUs " + CpuList.format(outside)
                        + " are not in the VR's allowed CPUs " + bounds.allowedCpus());
            }
        }
    }

    private static long decimal(SettingChange change) {
        String value = change.value() == null ? "" : change.value().strip();
        if (value.length() > 12 || !Digits.ascii(value)) {
            throw new RejectedException(Rejection.BAD_VALUE, change.setting().wireName() + " '" + change.value()
                    + "' is not a non-negative decimal");
        }
        return Long.parseLong(value);
    }
}
