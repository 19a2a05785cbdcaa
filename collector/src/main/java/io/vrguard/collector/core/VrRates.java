package io.vrguard.collector.core;

import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One VR's figures from two reads: its interfaces, totals (offered = rx + rx drops, delivered = tx) and its
 * cgroup's CPU. A VR is {@code new} on its first interval, {@code reset} when any interface or its CPU counter
 * restarted, {@code gone} when it vanished.
 */
final class VrRates {
    /** More than 8192 CPUs' worth (the most a cpuset can name here): a corrupt read, not a figure. */
    private static final double MAX_CPU_PERCENT = 100.0 * 8192;

    private VrRates() {
    }

    static List<InterfaceSample> interfaces(VrReading prev, VrReading cur, double seconds) {
        Map<String, IfReading> before = new HashMap<>();
        if (prev != null) {
            prev.interfaces().forEach(i -> before.put(i.name(), i));
        }
        List<InterfaceSample> result = new ArrayList<>();
        for (IfReading i : cur.interfaces()) {
            result.add(InterfaceRates.of(before.get(i.name()), i, seconds));
        }
        return result;
    }

    static VrSample of(VrReading prev, VrReading cur, List<InterfaceSample> ifs, Double softirqEstimate,
            double seconds) {
        double rx = 0;
        double tx = 0;
        double rxDrop = 0;
        double txDrop = 0;
        boolean reset = false;
        for (InterfaceSample i : ifs) {
            reset |= VrSample.STATE_RESET.equals(i.state());
            if (cur.hostPeers().contains(i.name())) {
                continue; // the other end of one of its own veths: counted once
            }
            rx += i.rxPps();
            tx += i.txPps();
            rxDrop += i.rxDropPps();
            txDrop += i.txDropPps();
        }
        CgroupReading c0 = prev == null ? null : prev.cgroup();
        CgroupReading c1 = cur.cgroup();
        Double cpu = cpuPercent(c0 == null ? null : c0.usageNs(), c1 == null ? null : c1.usageNs(), seconds);
        boolean cpuReset = c0 != null && c1 != null && c0.usageNs() != null && c1.usageNs() != null
                && c1.usageNs() < c0.usageNs() || cpu != null && cpu > MAX_CPU_PERCENT;
        reset |= cpuReset;
        if (cpuReset) {
            c0 = null; // not comparable: this interval's CPU figures are 0, as for any reset
        }
        String state = prev == null ? VrSample.STATE_NEW : reset ? VrSample.STATE_RESET : VrSample.STATE_OK;
        return new VrSample(cur.name(), cur.kind(), state, rx, tx, rxDrop + txDrop, rx + rxDrop, tx,
                cpuReset ? Double.valueOf(0) : cpu,
                capped(cpuPercent(c0 == null ? null : c0.userNs(), c1 == null ? null : c1.userNs(), seconds),
                        MAX_CPU_PERCENT),
                capped(cpuPercent(c0 == null ? null : c0.systemNs(), c1 == null ? null : c1.systemNs(), seconds),
                        MAX_CPU_PERCENT),
                softirqEstimate,
                c1 == null ? null : c1.shares(), c1 == null ? null : c1.weight(),
                c1 == null ? null : c1.quotaUs(), c1 == null ? null : c1.periodUs(),
                capped(throttled(c1, perSecond(c0 == null ? null : c0.nrThrottled(),
                        c1 == null ? null : c1.nrThrottled(), seconds, 1)), 1e6),
                capped(throttled(c1, perSecond(c0 == null ? null : c0.throttledNs(),
                        c1 == null ? null : c1.throttledNs(), seconds, 1e6)), MAX_CPU_PERCENT * 10),
                c1 == null ? List.of() : c1.cpus(), ifs);
    }

    static VrSample gone(VrReading prev) {
        return new VrSample(prev.name(), prev.kind(), VrSample.STATE_GONE, 0, 0, 0, 0, 0, null, null, null, null,
                null, null, null, null, null, null, List.of(), List.of());
    }

    /** A figure past what the kernel can produce comes from a corrupt read: 0, as for a reset. */
    private static Double capped(Double v, double max) {
        return v != null && v > max ? Double.valueOf(0) : v;
    }

    /** A group without a CFS quota (period known, quota unlimited) is never throttled, counters read or not. */
    private static Double throttled(CgroupReading c1, Double rate) {
        return rate == null && c1 != null && c1.periodUs() != null && c1.quotaUs() == null ? Double.valueOf(0) : rate;
    }

    /** % of one CPU from a ns counter; null when unknown, 0 on a reset. */
    private static Double cpuPercent(Long ns0, Long ns1, double seconds) {
        Double perSecond = perSecond(ns0, ns1, seconds, 1e9);
        return perSecond == null ? null : perSecond * 100.0;
    }

    private static Double perSecond(Long v0, Long v1, double seconds, double unit) {
        if (v0 == null || v1 == null || seconds <= 0) {
            return v1 == null ? null : 0.0;
        }
        return Counters.rate(Counters.delta64(v0, v1), seconds) / unit;
    }
}
