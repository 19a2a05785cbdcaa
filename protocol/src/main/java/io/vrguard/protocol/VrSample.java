package io.vrguard.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One virtual router's figures for one interval, all from the VR's point of view (a host-side tap's or veth's tx
 * is the VR's rx). Packet rates are packets per second.
 *
 * @param state          {@code ok}, {@code new} (first interval, no rates yet), {@code reset} (counters restarted:
 *                       rates of the reset part are 0, never a spike) or {@code gone} (vanished mid-interval)
 * @param offeredPps     what arrived for the VR, dropped included
 * @param deliveredPps   what the VR sent on
 * @param cpuPercent     CPU used by the VR's cgroup, % of one CPU (null when it has no cgroup)
 * @param softirqPercentEstimate estimated share of host SoftIRQ time spent on this VR's packets, % of one CPU;
 *                       see docs/wire-schema.md for the method
 * @param cpuShares      cgroup v1 cpu.shares (null on cgroup v2)
 * @param cpuWeight      cgroup v2 cpu.weight (null on cgroup v1)
 * @param quotaUs        CFS quota per period in µs, null when unlimited
 * @param periodUs       CFS period in µs
 * @param cpus           CPUs the VR may run on (cpuset)
 */
public record VrSample(
        String name,
        VrKind kind,
        String state,
        double rxPps,
        double txPps,
        double dropPps,
        double offeredPps,
        double deliveredPps,
        Double cpuPercent,
        Double cpuUserPercent,
        Double cpuSystemPercent,
        Double softirqPercentEstimate,
        Long cpuShares,
        Long cpuWeight,
        Long quotaUs,
        Long periodUs,
        Double throttledPeriodsPerSec,
        Double throttledMsPerSec,
        List<Integer> cpus,
        List<InterfaceSample> interfaces) {

    public static final String STATE_OK = "ok";
    public static final String STATE_NEW = "new";
    public static final String STATE_RESET = "reset";
    public static final String STATE_GONE = "gone";

    public VrSample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }
}
