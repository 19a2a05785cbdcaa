package io.vrguard.lab.physics;

import io.vrguard.lab.core.WindowRate;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.scenario.Step;
import io.vrguard.lab.testbed.Testbed;
import io.vrguard.protocol.VrKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario's timeline on a testbed once per share variant, with cpu.shares written directly and without
 * vrguard, and measures every step from the sources' and sinks' own counters. This shows whether the testbed
 * reproduces the published starvation (equal shares) and its remedy (the victim at twice its neighbour's shares).
 */
public final class PhysicsCheck {
    private static final long PAUSE_MS = 1500;

    private final Testbed bed;
    private final PrintStream progress;

    public PhysicsCheck(Testbed bed, PrintStream progress) {
        this.bed = bed;
        this.progress = progress;
    }

    public List<StepFigures> run(Scenario scenario, List<ShareVariant> variants) throws InterruptedException {
        List<StepFigures> all = new ArrayList<>();
        for (ShareVariant variant : variants) {
            scenario.routers().stream().filter(r -> r.kind() == VrKind.KVM)
                    .forEach(r -> bed.setShares(r.name(), variant.sharesOf(r.name())));
            for (Step step : scenario.steps()) {
                List<StepFigures> rows = runStep(scenario, variant, step);
                rows.forEach(f -> progress.printf("%s %s %s: offered %.1f delivered %.1f (p50 %.1f) kpps, "
                                + "guarantee %.1f, cpu %.0f%%%n", f.variant(), f.step(), f.router(), f.offeredKpps(),
                        f.deliveredKpps(), f.deliveredMedianKpps(), f.guaranteeKpps(), f.cpuPercent()));
                all.addAll(rows);
            }
            scenario.routers().forEach(r -> bed.offer(r.name(), 0));
            Thread.sleep(PAUSE_MS); // let queues drain before the next variant
        }
        return all;
    }

    private List<StepFigures> runStep(Scenario scenario, ShareVariant variant, Step step)
            throws InterruptedException {
        scenario.routers().forEach(r -> bed.offer(r.name(), step.offered(r.name())));
        Thread.sleep(scenario.settle().toMillis());
        long from = System.nanoTime(); // CLOCK_MONOTONIC on Linux, the helpers' clock
        Map<String, long[]> start = new HashMap<>();
        scenario.routers().forEach(r -> start.put(r.name(), new long[] {bed.cpuNanos(r.name()),
                bed.tapDrops(r.name())}));
        Thread.sleep(step.duration().minus(scenario.settle()).toMillis());
        long to = System.nanoTime();
        List<StepFigures> rows = new ArrayList<>();
        for (var r : scenario.routers()) {
            double seconds = (to - from) / 1e9;
            long[] s = start.get(r.name());
            long drops = bed.tapDrops(r.name());
            WindowRate delivered = bed.delivered(r.name()).rate(from, to);
            rows.add(new StepFigures(variant.name(), step.name(), r.name(), r.guaranteeKpps(),
                    r.kind() == VrKind.KVM ? bed.shares(r.name()) : 0,
                    bed.sent(r.name()).rate(from, to).meanKilo(), delivered.meanKilo(), delivered.medianKilo(),
                    drops < 0 || s[1] < 0 ? Double.NaN : (drops - s[1]) / seconds / 1000,
                    r.kind() == VrKind.KVM ? (bed.cpuNanos(r.name()) - s[0]) / seconds / 1e7 : Double.NaN));
        }
        return rows;
    }
}
