package io.vrguard.analyzer.influx;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code vr_cpu} measurement as a low-rate topology: a VR's points (one per CPU it may run on) are written the
 * first time the analyzer sees the VR, at once when what they say changes (its CPUs, or how many VRs may run on
 * one of them), and otherwise again only once {@code every} of sample time has passed since they were last
 * written, so a dashboard looking back that far always finds them. Between those, a sample costs no point here.
 *
 * <p>State is kept per host and VR: what was last written and at which sample time. A host's samples all arrive on
 * one partition, consumed by one thread at a time, so each host's entry is only ever touched by one thread; the
 * map of hosts is concurrent. {@link #forget} drops a host whose partition moved away, and a VR that left its
 * host's samples is dropped at the host's next sample, so memory follows what this instance owns.
 *
 * <p>A sample stamped at or before the last write of a VR (a batch retried after a failed write, a duplicate, a
 * clock stepped back) writes that VR's points again: the same timestamps overwrite the same points, so a retried
 * batch never loses the points its failed attempt carried.
 */
public final class TopologyWriter {
    private final long everyMs;
    private final Map<String, Map<String, Written>> hosts = new ConcurrentHashMap<>();

    public TopologyWriter(Duration every) {
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the topology refresh period must be positive, got " + every);
        }
        this.everyMs = every.toMillis();
    }

    /** What a VR's {@code vr_cpu} points last said, and the sample time they were written at. */
    private record Written(List<Integer> cpus, int[] vrsOnCpu, long atMs) {
        boolean says(List<Integer> cpus, CpuMap map) {
            if (!this.cpus.equals(cpus)) {
                return false;
            }
            for (int i = 0; i < vrsOnCpu.length; i++) {
                if (vrsOnCpu[i] != map.vrsOn(cpus.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The VRs of a sample whose points are due.
     *
     * @param map the sample's CPU map
     * @param vrs indexes into the sample's routers, in order
     */
    record Due(CpuMap map, List<Integer> vrs) {
    }

    /** Appends the sample's due {@code vr_cpu} lines and remembers them as written; returns how many lines. */
    public int append(StringBuilder out, HostSample s) {
        Due due = due(s);
        return due.vrs().isEmpty() ? 0 : LineProtocol.topology(out, s, due);
    }

    /** Decides which VRs' points are due and records them as written at the sample's time. */
    Due due(HostSample s) {
        Map<String, Written> vrs = hosts.computeIfAbsent(s.host(), h -> new HashMap<>());
        CpuMap map = CpuMap.of(s);
        long now = s.timestamp().toEpochMilli();
        List<Integer> due = null;
        for (int i = 0; i < s.routers().size(); i++) {
            String name = s.routers().get(i).name();
            List<Integer> cpus = map.cpusByVr().get(i);
            Written last = vrs.get(name);
            if (last != null && now > last.atMs() && now - last.atMs() < everyMs && last.says(cpus, map)) {
                continue;
            }
            vrs.put(name, new Written(cpus, counts(cpus, map), now));
            if (!cpus.isEmpty()) { // a gone VR runs nowhere: nothing to write, but remembered
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(i);
            }
        }
        if (vrs.size() > s.routers().size()) {
            Set<String> present = new HashSet<>();
            for (VrSample vr : s.routers()) {
                present.add(vr.name());
            }
            vrs.keySet().retainAll(present);
        }
        return new Due(map, due == null ? List.of() : due);
    }

    /** The host's partition moved to another instance (or was lost): its state goes with it. */
    public void forget(String host) {
        hosts.remove(host);
    }

    /** Hosts with state here. */
    public int hosts() {
        return hosts.size();
    }

    /** VRs of a host with state here. */
    int vrs(String host) {
        Map<String, Written> vrs = hosts.get(host);
        return vrs == null ? 0 : vrs.size();
    }

    private static int[] counts(List<Integer> cpus, CpuMap map) {
        int[] out = new int[cpus.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = map.vrsOn(cpus.get(i));
        }
        return out;
    }
}
