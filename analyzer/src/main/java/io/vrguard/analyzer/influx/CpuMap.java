package io.vrguard.analyzer.influx;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which CPUs each VR of one host sample may run on, and how many VRs may run on each CPU: the {@code vr_cpu}
 * measurement. A VR with an empty cpuset may run on every CPU of the host, as the analyzer's contention rule
 * counts it; a VR that vanished during the interval ({@code gone}) runs nowhere.
 */
record CpuMap(List<List<Integer>> cpusByVr, Map<Integer, Integer> vrsByCpu) {

    /** {@code cpusByVr} follows the order of {@code s.routers()}. */
    static CpuMap of(HostSample s) {
        List<Integer> all = null;
        List<List<Integer>> byVr = new ArrayList<>(s.routers().size());
        Map<Integer, Integer> count = new HashMap<>();
        for (VrSample vr : s.routers()) {
            List<Integer> cpus;
            if (VrSample.STATE_GONE.equals(vr.state())) {
                cpus = List.of();
            } else if (vr.cpus().isEmpty()) {
                if (all == null) {
                    all = hostCpus(s);
                }
                cpus = all;
            } else {
                cpus = List.copyOf(new TreeSet<>(vr.cpus()));
            }
            byVr.add(cpus);
            cpus.forEach(c -> count.merge(c, 1, Integer::sum));
        }
        return new CpuMap(byVr, count);
    }

    /** How many VRs of the sample may run on this CPU, the one asking included. */
    int vrsOn(int cpu) {
        return vrsByCpu.getOrDefault(cpu, 0);
    }

    private static List<Integer> hostCpus(HostSample s) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (CpuSample c : s.cpus()) {
            cpus.add(c.cpu());
        }
        return List.copyOf(cpus);
    }
}
