package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.CpuQuota;
import io.vrguard.enforcer.core.Knob;
import io.vrguard.enforcer.core.KnobException;
import io.vrguard.protocol.Setting;
import java.nio.file.Path;
import java.util.List;

/**
 * A VR's CPU shares (v1 {@code cpu.shares}), weight (v2 {@code cpu.weight}) or quota (v1
 * {@code cpu.cfs_quota_us}+{@code cpu.cfs_period_us}, v2 {@code cpu.max}). Always read from the cgroup file;
 * written to it, or through virsh/systemd when {@link ShareMethod#choose} says so.
 */
final class CpuCgroupKnob implements Knob {
    private final Path dir;
    private final Setting nativeSetting;
    private final boolean v2;
    private final ShareMethod method;
    private final String unitOrDomain;
    private final ProcessRunner runner;

    CpuCgroupKnob(Path dir, Setting nativeSetting, boolean v2, ShareMethod method, String unitOrDomain,
            ProcessRunner runner) {
        this.dir = dir;
        this.nativeSetting = nativeSetting;
        this.v2 = v2;
        this.method = method;
        this.unitOrDomain = unitOrDomain;
        this.runner = runner;
    }

    @Override
    public String target() {
        return switch (nativeSetting) {
            case CPU_SHARES -> "cpu.shares";
            case CPU_WEIGHT -> "cpu.weight";
            default -> v2 ? "cpu.max" : "cpu.cfs_quota_us";
        };
    }

    @Override
    public Setting nativeSetting() {
        return nativeSetting;
    }

    @Override
    public String method() {
        return method.wireName();
    }

    @Override
    public String read() throws KnobException {
        if (nativeSetting != Setting.CPU_QUOTA) {
            return KernelFiles.read(dir.resolve(target()));
        }
        if (v2) {
            return CpuQuota.parse(KernelFiles.read(dir.resolve("cpu.max")), 100_000).canonical();
        }
        long quota = Long.parseLong(KernelFiles.read(dir.resolve("cpu.cfs_quota_us")));
        long period = Long.parseLong(KernelFiles.read(dir.resolve("cpu.cfs_period_us")));
        return new CpuQuota(quota < 0 ? null : quota, period).canonical();
    }

    @Override
    public void write(String canonical) throws KnobException {
        if (method == ShareMethod.CGROUPFS) {
            writeFile(canonical);
        } else {
            runner.run(commandLine(canonical));
        }
    }

    /** The command line a write of {@code canonical} would run, for reports and tests; empty for cgroupfs. */
    List<String> commandLine(String canonical) {
        return switch (method) {
            case CGROUPFS -> List.of();
            case VIRSH -> nativeSetting == Setting.CPU_QUOTA
                    ? UnitCommandLines.virshQuota(unitOrDomain, CpuQuota.parse(canonical, 100_000))
                    : UnitCommandLines.virshShares(unitOrDomain, Long.parseLong(canonical));
            case SYSTEMD_DBUS -> nativeSetting == Setting.CPU_QUOTA
                    ? UnitCommandLines.systemdQuota(unitOrDomain, CpuQuota.parse(canonical, 100_000))
                    : UnitCommandLines.systemdShares(unitOrDomain, nativeSetting, Long.parseLong(canonical));
        };
    }

    private void writeFile(String canonical) throws KnobException {
        if (nativeSetting != Setting.CPU_QUOTA) {
            KernelFiles.write(dir.resolve(target()), canonical);
            return;
        }
        CpuQuota quota = CpuQuota.parse(canonical, 100_000);
        if (v2) {
            KernelFiles.write(dir.resolve("cpu.max"), quota.canonical()); // one write: the kernel takes both or neither
            return;
        }
        writeV1(quota);
    }

    /**
     * v1 keeps quota and period in two files. The quota is lifted first, so a shorter period never meets an old
     * quota larger than it allows; if the kernel then refuses the new values (EINVAL, e.g. a quota above what the
     * parent group's allows), the previous quota and period are put back, so a failed write never leaves the VR
     * uncapped.
     */
    private void writeV1(CpuQuota quota) throws KnobException {
        Path quotaFile = dir.resolve("cpu.cfs_quota_us");
        Path periodFile = dir.resolve("cpu.cfs_period_us");
        String previousQuota = KernelFiles.read(quotaFile);
        String previousPeriod = KernelFiles.read(periodFile);
        KernelFiles.write(quotaFile, "-1");
        try {
            KernelFiles.write(periodFile, Long.toString(quota.periodUs()));
            KernelFiles.write(quotaFile, quota.unlimited() ? "-1" : Long.toString(quota.quotaUs()));
        } catch (KnobException e) {
            throw new KnobException(e.getMessage() + restore(periodFile, previousPeriod, quotaFile, previousQuota), e);
        }
    }

    /** Puts period, then quota back (the quota is -1 now, so the old period is always accepted); says how it went. */
    private static String restore(Path periodFile, String period, Path quotaFile, String quota) {
        try {
            KernelFiles.write(periodFile, period);
            KernelFiles.write(quotaFile, quota);
            return "; the previous quota " + quota + " and period " + period + " are restored";
        } catch (KnobException e) {
            return "; restoring the previous quota " + quota + " and period " + period + " failed too: "
                    + e.getMessage();
        }
    }
}
