package io.vrguard.collector.core;

import java.util.List;

/**
 * A VR's cgroup CPU figures at one read; any field may be null when its file is absent. Times in ns.
 *
 * @param usageNs     total CPU (cpuacct.usage or v2 usage_usec × 1000), hierarchical
 * @param userNs      user part (cpuacct.stat ticks or v2 user_usec, in ns)
 * @param systemNs    system part
 */
public record CgroupReading(Long usageNs, Long userNs, Long systemNs, Long nrPeriods, Long nrThrottled,
        Long throttledNs, Long shares, Long weight, Long quotaUs, Long periodUs, List<Integer> cpus) {
    public CgroupReading {
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
    }
}
