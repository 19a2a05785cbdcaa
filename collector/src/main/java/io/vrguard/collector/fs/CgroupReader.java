package io.vrguard.collector.fs;

import io.vrguard.collector.core.ByteText;
import io.vrguard.collector.core.CgroupFiles;
import io.vrguard.collector.core.CgroupReading;
import io.vrguard.collector.core.CpuMasks;
import io.vrguard.discovery.CgroupPlacement;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A VR's cgroup CPU files: v1 cpuacct (usage ns, stat in USER_HZ ticks), cpu (stat, shares, CFS quota) and cpuset,
 * or v2 cpu.stat (µs), cpu.weight, cpu.max and cpuset.cpus.effective; v1 is preferred where both exist because
 * that is where the cpu controller is bound. Missing files leave fields null; malformed ones are counted.
 */
public final class CgroupReader {
    /** USER_HZ: fixed at 100 on every Linux ABI vrguard runs on (getconf CLK_TCK). */
    private static final long NS_PER_TICK = 10_000_000L;
    /** v1 cpu.stat of a group without a CFS quota, not read: the rates are 0 (see VrRates). */
    private static final Map<String, Long> UNTHROTTLED = Map.of();

    private int skipped;
    private final OpenFiles counters = new OpenFiles();

    /** A group's CPU settings as last read. */
    private record Settings(Long shares, Long weight, CgroupFiles.Quota quota) {
    }

    private final Map<CgroupPlacement, Settings> settings = new HashMap<>();

    /**
     * On discovery refresh: closes the files of groups no longer read (their VR went) and forgets every group's
     * settings, so the next {@link #read} reads them again.
     */
    public void refreshed() {
        counters.closeUnread();
        settings.clear();
    }

    /** Malformed lines skipped since the last call. */
    public int takeSkipped() {
        int s = skipped;
        skipped = 0;
        return s;
    }

    /**
     * The CPUs the VR may run on (cpuset), which change only when it is repinned: read on discovery refresh, not
     * every sample. Shares, weight and quota are read when {@link #read} is told they are due (files kept open),
     * so an enforcer's change shows within a second.
     */
    public List<Integer> cpuset(CgroupPlacement placement) {
        return cpus(placement.v1("cpuset").orElse(null), placement.v2());
    }

    /**
     * The group's counters, and its settings (shares or weight, quota) read afresh when {@code settingsDue} or not
     * read before, else as last read: at 10 Hz reading them once a second saves three reads per VR per sample.
     */
    public CgroupReading read(CgroupPlacement placement, List<Integer> cpuset, boolean settingsDue) {
        Optional<Path> cpuacct = placement.v1("cpuacct");
        Optional<Path> cpu = placement.v1("cpu");
        Path v2 = placement.v2();
        Settings set = settingsDue ? null : settings.get(placement);
        if (set == null) {
            set = settings(cpu, v2);
            settings.put(placement, set);
        }
        Long shares = set.shares();
        Long weight = set.weight();
        CgroupFiles.Quota quota = set.quota();
        Map<String, Long> v2stat = v2 == null ? Map.of() : counterKeyValues(v2.resolve("cpu.stat"));
        // v1 cpu.stat holds only CFS throttling, which cannot happen without a quota: not read then
        boolean unlimited = quota != null && quota.quotaUs() == null;
        Map<String, Long> v1stat = unlimited ? UNTHROTTLED
                : cpu.map(d -> counterKeyValues(d.resolve("cpu.stat"))).orElse(Map.of());
        Map<String, Long> acctStat = cpuacct.map(d -> counterKeyValues(d.resolve("cpuacct.stat")))
                .orElse(Map.of());
        Long usage = cpuacct.map(d -> counter(d.resolve("cpuacct.usage"))).orElse(null);
        Long user = acctStat.containsKey("user") ? acctStat.get("user") * NS_PER_TICK : null;
        Long system = acctStat.containsKey("system") ? acctStat.get("system") * NS_PER_TICK : null;
        if (usage == null && v2stat.containsKey("usage_usec")) {
            usage = v2stat.get("usage_usec") * 1000;
            user = times1000(v2stat.get("user_usec"));
            system = times1000(v2stat.get("system_usec"));
        }
        Map<String, Long> stat = cpu.isPresent() ? v1stat : v2stat;
        Long throttledNs = stat.containsKey("throttled_time") ? stat.get("throttled_time")
                : times1000(stat.get("throttled_usec"));
        return new CgroupReading(usage, user, system, stat.get("nr_periods"), stat.get("nr_throttled"), throttledNs,
                shares, weight,
                quota == null ? null : quota.quotaUs(), quota == null ? null : quota.periodUs(), cpuset);
    }

    private Settings settings(Optional<Path> cpu, Path v2) {
        Long shares = cpu.map(d -> counter(d.resolve("cpu.shares"))).orElse(null);
        Long weight = cpu.isPresent() || v2 == null ? null : counter(v2.resolve("cpu.weight"));
        return new Settings(shares, weight, quota(cpu.orElse(null), v2));
    }

    private CgroupFiles.Quota quota(Path cpu, Path v2) {
        try {
            if (cpu != null) {
                String q = text(cpu.resolve("cpu.cfs_quota_us"));
                String p = text(cpu.resolve("cpu.cfs_period_us"));
                return q != null && p != null ? CgroupFiles.cfs(q, p) : null;
            }
            String max = v2 == null ? null : text(v2.resolve("cpu.max"));
            return max == null ? null : CgroupFiles.cpuMax(max);
        } catch (IllegalArgumentException e) {
            skipped++;
            return null;
        }
    }

    private List<Integer> cpus(Path cpuset, Path v2) {
        Optional<String> text = cpuset != null ? first(cpuset, "cpuset.effective_cpus", "cpuset.cpus")
                : v2 != null ? first(v2, "cpuset.cpus.effective", "cpuset.cpus") : Optional.empty();
        try {
            return text.map(CpuMasks::parseList).orElse(List.of());
        } catch (IllegalArgumentException e) {
            skipped++;
            return List.of();
        }
    }

    private static Optional<String> first(Path dir, String a, String b) {
        return KernelFile.readIfPresent(dir.resolve(a)).or(() -> KernelFile.readIfPresent(dir.resolve(b)));
    }

    private Map<String, Long> counterKeyValues(Path file) {
        ByteText text = counters.bytesIfPresent(file);
        if (text == null) {
            return Map.of();
        }
        var parsed = CgroupFiles.keyValues(text);
        skipped += parsed.skippedLines();
        return parsed.value();
    }

    private Long counter(Path file) {
        return number(counters.bytesIfPresent(file));
    }

    /** A kept-open file's text, or null when it cannot be read. */
    private String text(Path file) {
        ByteText text = counters.bytesIfPresent(file);
        return text == null ? null : text.trimmed(0, text.length());
    }

    private Long number(ByteText text) {
        if (text == null) {
            return null;
        }
        long v = CgroupFiles.singleUnsigned(text);
        if (v < 0) {
            skipped++;
            return null;
        }
        return v;
    }

    private static Long times1000(Long v) {
        return v == null ? null : v * 1000;
    }
}
