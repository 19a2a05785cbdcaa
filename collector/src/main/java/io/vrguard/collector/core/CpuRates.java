package io.vrguard.collector.core;

import io.vrguard.protocol.CpuSample;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Per-CPU figures from two reads. A CPU missing from either read (hotplug) gets no line that interval. */
final class CpuRates {
    private CpuRates() {
    }

    static List<CpuSample> of(HostReading prev, HostReading cur, double seconds) {
        TreeSet<Integer> ids = new TreeSet<>(cur.cpuTimes().keySet());
        ids.addAll(cur.softirqs().keySet());
        ids.addAll(cur.softnet().keySet());
        List<CpuSample> result = new ArrayList<>();
        for (int cpu : ids) {
            SoftirqCounts s0 = prev.softirqs().get(cpu);
            SoftirqCounts s1 = cur.softirqs().get(cpu);
            SoftnetCounts n0 = prev.softnet().get(cpu);
            SoftnetCounts n1 = cur.softnet().get(cpu);
            boolean irqs = s0 != null && s1 != null;
            boolean net = n0 != null && n1 != null;
            double[] times = percents(prev.cpuTimes().get(cpu), cur.cpuTimes().get(cpu));
            if (!irqs && !net && times == null) {
                continue;
            }
            result.add(new CpuSample(cpu,
                    irqs ? Counters.rate(Counters.delta32(s0.netRx(), s1.netRx()), seconds) : 0,
                    irqs ? Counters.rate(Counters.delta32(s0.netTx(), s1.netTx()), seconds) : 0,
                    net ? Counters.rate(Counters.delta32(n0.processed(), n1.processed()), seconds) : 0,
                    net ? Counters.rate(Counters.delta32(n0.dropped(), n1.dropped()), seconds) : 0,
                    net ? Counters.rate(Counters.delta32(n0.timeSqueeze(), n1.timeSqueeze()), seconds) : 0,
                    times == null ? 0 : times[0], times == null ? 0 : times[1], times == null ? 0 : times[2]));
        }
        return result;
    }

    /** busy, softirq and irq time as % of the CPU's accounted time; null when unknown or reset. */
    static double[] percents(CpuTimes t0, CpuTimes t1) {
        if (t0 == null || t1 == null) {
            return null;
        }
        if (t1.total() < 0 || t0.total() < 0) {
            return null; // sums past 2^63: corrupt values
        }
        if (t1.user() < t0.user() || t1.nice() < t0.nice() || t1.system() < t0.system() || t1.idle() < t0.idle()
                || t1.iowait() < t0.iowait() || t1.irq() < t0.irq() || t1.softirq() < t0.softirq()
                || t1.steal() < t0.steal()) {
            return null; // a time went back (CPU re-onlined, bad read): no figure rather than a wrong one
        }
        long total = t1.total() - t0.total();
        long idle = t1.idleAll() - t0.idleAll();
        long softirq = t1.softirq() - t0.softirq();
        long irq = t1.irq() - t0.irq();
        if (total <= 0 || idle < 0 || softirq < 0 || irq < 0 || idle > total) {
            return null;
        }
        return new double[] {percent(total - idle, total), percent(softirq, total), percent(irq, total)};
    }

    /** part/total in %, within 0..100 (double rounding of counts near 2^63 could pass 100 by an ulp). */
    private static double percent(long part, long total) {
        return Math.max(0.0, Math.min(100.0, 100.0 * part / total));
    }
}
