package io.vrguard.systemtests;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Host samples from KVM-shaped VRs' real cpuacct counters (the model is explained on {@link EnforcementLoopIT}).
 * On this shared, heavily loaded machine a one-second interval can carry no CPU for either group at all: an interval with less
 * than 20 ms of CPU between the two publishes no sample (its seq is not used, so the analyzer sees no gap).
 */
final class CpuShareSamples {
    private final KvmShapedVrs vrs;
    private final Map<String, Double> cost;
    private final Map<String, Double> offeredKpps;
    private Map<String, Long> last;
    private final List<Long> vr1Parts = new ArrayList<>();

    CpuShareSamples(KvmShapedVrs vrs, Map<String, Double> cost, Map<String, Double> offeredKpps) {
        this.vrs = vrs;
        this.cost = cost;
        this.offeredKpps = offeredKpps;
        last = read();
    }

    private Map<String, Long> read() {
        Map<String, Long> r = new HashMap<>();
        cost.keySet().forEach(vr -> r.put(vr, vrs.usageNs(vr)));
        return r;
    }

    List<Long> vr1Parts() {
        return vr1Parts;
    }

    Optional<HostSample> next(String host, long seq) {
        Map<String, Long> now = read();
        Map<String, Long> oldest = last;
        last = now;
        Map<String, Long> used = new HashMap<>();
        cost.keySet().forEach(vr -> used.put(vr, Math.max(0, now.get(vr) - oldest.get(vr))));
        double total = used.values().stream().mapToLong(Long::longValue).sum();
        if (total < 20_000_000) {
            return Optional.empty();
        }
        List<VrSample> routers = new ArrayList<>();
        for (String vr : List.of("vr1", "vr2")) {
            double cpu = 100.0 * used.get(vr) / total; // its part of the shared CPU
            double delivered = Math.min(offeredKpps.get(vr), cpu / cost.get(vr));
            if (vr.equals("vr1")) {
                vr1Parts.add(Math.round(cpu));
            }
            double offeredPps = offeredKpps.get(vr) * 1000;
            routers.add(new VrSample(vr, VrKind.KVM, VrSample.STATE_OK, offeredPps, delivered * 1000,
                    offeredPps - delivered * 1000, offeredPps, delivered * 1000, cpu, cpu, 0.0, 0.0,
                    vrs.shares(vr), null, null, null, 0.0, 0.0, List.of(0), List.of()));
        }
        return Optional.of(new HostSample(WireSchema.HOST_SAMPLE, host, seq, Instant.now(), 1000, 1000, List.of(),
                routers, List.of()));
    }
}
