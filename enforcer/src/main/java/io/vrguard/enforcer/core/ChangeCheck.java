package io.vrguard.enforcer.core;

import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.util.BitSet;

/**
 * Bounds of one requested value before anything is read: format, the kernel's range, the VR's policy. Values
 * outside are refused, never clamped. A change without policy bounds may use the kernel's range and any online
 * CPU, but never a quota (a cap is only set where a policy allows it).
 */
public final class ChangeCheck {
    private ChangeCheck() {
    }

    /** @param onlineCpus CPUs online on this host; masks may name no other */
    public static void check(SettingChange change, BitSet onlineCpus) {
        PolicyBounds bounds = change.bounds();
        switch (change.setting()) {
            case CPU_SHARES -> shares(decimal(change), bounds);
            case CPU_WEIGHT -> weight(decimal(change), bounds);
            case CPU_QUOTA -> quota(change, bounds);
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
        if (bounds == null) {
            return;
        }
        if ((bounds.minShares() != null && shares < bounds.minShares())
                || (bounds.maxShares() != null && shares > bounds.maxShares())) {
            throw new RejectedException(Rejection.POLICY_BOUNDS, what + " (as shares " + shares
                    + ") is outside the VR's policy " + bounds.minShares() + ".." + bounds.maxShares());
        }
    }

    private static void quota(SettingChange change, PolicyBounds bounds) {
        if (bounds == null || !bounds.quotaAllowed()) {
            throw new RejectedException(Rejection.QUOTA_NOT_ALLOWED, "the VR's policy does not allow a CPU quota");
        }
        CpuQuota quota;
        try {
            quota = CpuQuota.parse(change.value(), CpuQuota.MIN_PERIOD);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.BAD_VALUE, e.getMessage());
        }
        if (!quota.inRange()) {
            throw new RejectedException(Rejection.OUT_OF_RANGE, "quota '" + change.value()
                    + "': period must be 1000..1000000 µs and quota at least 1000 µs");
        }
    }

    private static void cpus(SettingChange change, PolicyBounds bounds, BitSet online) {
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
        if (bounds != null && !bounds.allowedCpus().isEmpty()) {
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
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
            throw new RejectedException(Rejection.BAD_VALUE, change.setting().wireName() + " '" + change.value()
                    + "' is not a non-negative decimal");
        }
        return Long.parseLong(value);
    }
}
