package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.CpuQuota;
import io.vrguard.protocol.Setting;
import java.util.List;

/**
 * Argument vectors for libvirt and systemd. libvirt writes {@code cpu_shares} verbatim (cpu.shares on v1,
 * cpu.weight on v2, no conversion), so the knob's native value is passed. systemd gets {@code CPUShares} (v1) or
 * {@code CPUWeight} (v2) as a runtime property over D-Bus with busctl, the same call libvirt makes.
 */
public final class UnitCommandLines {
    /** systemd's USEC_INFINITY: no quota. */
    static final String USEC_INFINITY = "18446744073709551615";

    private UnitCommandLines() {
    }

    public static List<String> virshShares(String domain, long nativeValue) {
        return List.of("virsh", "schedinfo", domain, "--live", "--set", "cpu_shares=" + nativeValue);
    }

    public static List<String> virshQuota(String domain, CpuQuota quota) {
        String q = quota.unlimited() ? "-1" : Long.toString(quota.quotaUs());
        return List.of("virsh", "schedinfo", domain, "--live", "--set", "global_period=" + quota.periodUs(),
                "--set", "global_quota=" + q);
    }

    public static List<String> systemdShares(String unit, Setting nativeSetting, long nativeValue) {
        String property = nativeSetting == Setting.CPU_WEIGHT ? "CPUWeight" : "CPUShares";
        return List.of("busctl", "call", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "SetUnitProperties", "sba(sv)", unit, "true", "1",
                property, "t", Long.toString(nativeValue));
    }

    public static List<String> systemdQuota(String unit, CpuQuota quota) {
        String perSec = quota.unlimited() ? USEC_INFINITY
                : Long.toString(quota.quotaUs() * 1_000_000L / quota.periodUs());
        return List.of("busctl", "call", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "SetUnitProperties", "sba(sv)", unit, "true", "2",
                "CPUQuotaPerSecUSec", "t", perSec, "CPUQuotaPeriodUSec", "t", Long.toString(quota.periodUs()));
    }
}
