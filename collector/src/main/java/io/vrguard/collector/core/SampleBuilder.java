package io.vrguard.collector.core;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns two reads of a host into one {@link HostSample}: rates over the real elapsed monotonic time between them,
 * per CPU and per VR (VRs of the first read missing from the second are reported {@code gone}), plus the per-VR
 * SoftIRQ estimate. Pure: no I/O, no clock.
 */
public final class SampleBuilder {
    private SampleBuilder() {
    }

    public static HostSample build(String host, long seq, Instant timestamp, long intervalMs, HostReading prev,
            HostReading cur) {
        double seconds = (cur.monoNanos() - prev.monoNanos()) / 1e9;
        List<CpuSample> cpus = CpuRates.of(prev, cur, seconds);
        Map<String, VrReading> before = new HashMap<>();
        prev.routers().forEach(vr -> before.put(vr.name(), vr));
        Map<String, List<InterfaceSample>> ifs = new LinkedHashMap<>();
        for (VrReading vr : cur.routers()) {
            VrReading was = before.get(vr.name());
            ifs.put(vr.name(), VrRates.interfaces(was, vr, vr.secondsSince(was, seconds)));
        }
        Map<String, Double> softirq = SoftirqEstimate.of(ifs, cpus);
        List<VrSample> routers = new ArrayList<>();
        for (VrReading vr : cur.routers()) {
            VrReading was = before.remove(vr.name());
            routers.add(VrRates.of(was, vr, ifs.get(vr.name()), softirq.get(vr.name()), vr.secondsSince(was, seconds)));
        }
        prev.routers().stream().filter(vr -> before.containsKey(vr.name())).map(VrRates::gone).forEach(routers::add);
        return new HostSample(WireSchema.HOST_SAMPLE, host, seq, timestamp, intervalMs, seconds * 1000.0, cpus,
                routers, cur.problems());
    }
}
