package io.vrguard.lab.run;

import io.vrguard.lab.report.IntervalRow;
import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.lab.testbed.Testbed;
import io.vrguard.protocol.VrKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The lab's own per-interval figures for every VR, from the helpers' counters (CLOCK_MONOTONIC, as
 * {@link System#nanoTime()}) and the VR's cgroup: what the report and the live lines show, independent of vrguard.
 */
final class IntervalSampler {
    private final Testbed bed;
    private final List<RouterSpec> routers;
    private final Instant startInstant;
    private final long startNanos;
    private final Map<String, long[]> previous = new HashMap<>(); // cpu ns, tun drops
    private long previousNanos;

    IntervalSampler(Testbed bed, List<RouterSpec> routers, Instant startInstant, long startNanos) {
        this.bed = bed;
        this.routers = routers;
        this.startInstant = startInstant;
        this.startNanos = startNanos;
        this.previousNanos = startNanos;
        routers.forEach(r -> previous.put(r.name(), new long[] {bed.cpuNanos(r.name()), bed.tapDrops(r.name())}));
    }

    /** Figures over (previous call, now]; {@code state} names each VR's state for the live line and the report. */
    List<IntervalRow> sample(long nowNanos, String step, Map<String, Double> offered,
            Function<IntervalRow, String> state) {
        double seconds = (nowNanos - previousNanos) / 1e9;
        Instant at = startInstant.plusNanos(nowNanos - startNanos);
        List<IntervalRow> rows = new java.util.ArrayList<>();
        for (RouterSpec r : routers) {
            long[] before = previous.get(r.name());
            long cpu = bed.cpuNanos(r.name());
            long drops = bed.tapDrops(r.name());
            boolean kvm = r.kind() == VrKind.KVM;
            double sent = bed.sent(r.name()).rateBetween(previousNanos, nowNanos) / 1000;
            double delivered = bed.delivered(r.name()).rateBetween(previousNanos, nowNanos) / 1000;
            IntervalRow row = new IntervalRow(at, (nowNanos - startNanos) / 1e9, step, r.name(), r.kind().wireName(),
                    r.guaranteeKpps(), Double.isNaN(sent) ? offered.getOrDefault(r.name(), 0.0) : sent,
                    Double.isNaN(delivered) ? 0 : delivered,
                    drops < 0 || before[1] < 0 ? Double.NaN : (drops - before[1]) / seconds / 1000,
                    kvm ? (cpu - before[0]) / seconds / 1e7 : Double.NaN,
                    kvm ? bed.shares(r.name()) : 0, "");
            row = withState(row, state.apply(row));
            rows.add(row);
            previous.put(r.name(), new long[] {cpu, drops});
        }
        previousNanos = nowNanos;
        return rows;
    }

    private static IntervalRow withState(IntervalRow r, String state) {
        return new IntervalRow(r.at(), r.seconds(), r.step(), r.router(), r.kind(), r.guaranteeKpps(),
                r.offeredKpps(), r.deliveredKpps(), r.dropKpps(), r.cpuPercent(), r.cpuShares(), state);
    }
}
