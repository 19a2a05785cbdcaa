package io.vrguard.collector.core;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.InterfaceSample;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-VR SoftIRQ estimate. The kernel charges NET_RX/NET_TX work to no VR, so each CPU's softirq time is shared
 * among the VRs whose packets are processed there, in proportion to their packet rate there:
 * <ol>
 *   <li>an interface's packets (rx + tx + drops, pps) are spread evenly over its target CPUs: the CPUs its IRQs are
 *       effectively routed to, plus the CPUs of its RPS mask; with neither (software devices without RPS, whose
 *       work runs on the sending CPU) over all CPUs that did softirq work this interval;</li>
 *   <li>each CPU's softirq % is then divided among the VRs by their share of the packet weight on that CPU;</li>
 *   <li>a VR's estimate is the sum over CPUs, in % of one CPU.</li>
 * </ol>
 * It attributes all softirq time on a CPU to VRs, host traffic included, so it is an upper bound when the host
 * itself moves packets on the same CPUs.
 */
final class SoftirqEstimate {
    private SoftirqEstimate() {
    }

    static Map<String, Double> of(Map<String, List<InterfaceSample>> interfacesByVr, List<CpuSample> cpus) {
        Map<Integer, Double> softirq = new HashMap<>();
        cpus.forEach(c -> softirq.put(c.cpu(), c.softirqPercent()));
        List<Integer> active = cpus.stream().filter(c -> c.softirqPercent() > 0).map(CpuSample::cpu).toList();
        Map<String, Map<Integer, Double>> weights = new LinkedHashMap<>();
        Map<Integer, Double> totals = new HashMap<>();
        interfacesByVr.forEach((vr, ifs) -> {
            Map<Integer, Double> w = new HashMap<>();
            for (InterfaceSample i : ifs) {
                List<Integer> targets = targets(i, active);
                double pps = i.rxPps() + i.txPps() + i.rxDropPps() + i.txDropPps();
                for (int cpu : targets) {
                    w.merge(cpu, pps / targets.size(), Double::sum);
                }
            }
            w.forEach((cpu, v) -> totals.merge(cpu, v, Double::sum));
            weights.put(vr, w);
        });
        Map<String, Double> result = new LinkedHashMap<>();
        weights.forEach((vr, w) -> {
            double sum = 0;
            for (var e : w.entrySet()) {
                double total = totals.getOrDefault(e.getKey(), 0.0);
                sum += total > 0 ? softirq.getOrDefault(e.getKey(), 0.0) * e.getValue() / total : 0;
            }
            result.put(vr, sum);
        });
        return result;
    }

    private static List<Integer> targets(InterfaceSample i, List<Integer> active) {
        java.util.TreeSet<Integer> cpus = new java.util.TreeSet<>(i.rpsCpus());
        i.irqs().forEach(irq -> cpus.addAll(irq.effectiveCpus().isEmpty() ? irq.cpus() : irq.effectiveCpus()));
        return cpus.isEmpty() ? active : List.copyOf(cpus);
    }
}
