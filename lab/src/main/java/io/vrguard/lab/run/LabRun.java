package io.vrguard.lab.run;

import io.vrguard.lab.report.Advice;
import io.vrguard.lab.report.IntervalRow;
import io.vrguard.lab.report.ReportBuilder;
import io.vrguard.lab.report.ReportWriter;
import io.vrguard.lab.report.RunReport;
import io.vrguard.lab.report.StepWindow;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.scenario.Step;
import io.vrguard.lab.testbed.LabException;
import io.vrguard.lab.testbed.Testbed;
import io.vrguard.lab.testbed.TestbedSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lab run}: the testbed, vrguard around it, the scenario's timeline with one live line per VR per interval,
 * and the report. Everything is torn down by {@link #close()}, also from the shutdown hook on Ctrl-C.
 */
public final class LabRun implements AutoCloseable {
    /** Intervals of zero load after the timeline, so the report sees violations resolve. */
    private static final int DRAIN_INTERVALS = 4;
    static final String DRAIN = "drain";

    private final RunSettings settings;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private Testbed bed;
    private SelfCgroups self;
    private VrguardStack stack;
    private WireFeed feed;
    private boolean closed;
    /** Set as soon as close() starts (e.g. from the shutdown hook on Ctrl-C), before the services are stopped. */
    private volatile boolean closing;

    public LabRun(RunSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs the scenario and writes the report; returns the report folder. */
    public Path run(TestbedSettings testbed, String command) throws InterruptedException, IOException {
        Scenario scenario = settings.scenario();
        out.printf("lab: building the testbed for %s (%d VRs on CPU %d, traffic and vrguard on CPU %d)%n",
                scenario.name(), scenario.routers().size(), testbed.cpus().routerCpu(), testbed.cpus().trafficCpu());
        synchronized (this) {
            bed = Testbed.build(scenario, testbed);
            self = SelfCgroups.join(bed.servicesCgroups());
        }
        VrguardStack s = VrguardStack.start(settings.withInventory(bed.inventoryFile()),
                PolicyDocument.yaml(scenario, settings.hostId(), settings.mode()), out);
        synchronized (this) {
            stack = s;
            feed = new WireFeed(stack.bootstrap(), settings.hostId(), clock);
        }
        awaitSamples();
        return timeline(scenario, command);
    }

    private void awaitSamples() throws InterruptedException {
        for (int i = 0; i < 240 && feed.samples() < 2; i++) {
            checkServices();
            Thread.sleep(250);
        }
        if (feed.samples() < 2) {
            throw new LabException("no host samples on vrguard.samples after 60 s; see the collector's log in "
                    + settings.serviceDir());
        }
    }

    private Path timeline(Scenario scenario, String command) throws InterruptedException, IOException {
        long startNanos = System.nanoTime();
        Instant start = clock.instant();
        IntervalSampler sampler = new IntervalSampler(bed, scenario.routers(), start, startNanos);
        List<IntervalRow> rows = new ArrayList<>();
        List<StepWindow> windows = new ArrayList<>();
        long intervalNanos = settings.interval().toNanos();
        long next = startNanos;
        out.printf("lab: %s, mode %s; one line per VR per %d ms interval (offered, delivered and CPU measured by "
                + "the lab; state from vrguard.violations)%n", scenario.name(), settings.mode().wireName(),
                settings.interval().toMillis());
        for (Step step : scenario.steps()) {
            Instant from = start.plusNanos(next - startNanos);
            scenario.routers().forEach(r -> bed.offer(r.name(), step.offered(r.name())));
            long end = next + step.duration().toNanos();
            while (next + intervalNanos <= end + intervalNanos / 2) {
                next += intervalNanos;
                rows.addAll(interval(sampler, next, step.name(), step.offeredKpps()));
            }
            windows.add(new StepWindow(step.name(), from, start.plusNanos(next - startNanos)));
        }
        scenario.routers().forEach(r -> bed.offer(r.name(), 0));
        for (int i = 0; i < DRAIN_INTERVALS; i++) {
            next += intervalNanos;
            rows.addAll(interval(sampler, next, DRAIN, Map.of()));
        }
        return report(scenario, start, rows, windows, command);
    }

    private List<IntervalRow> interval(IntervalSampler sampler, long at, String step, Map<String, Double> offered)
            throws InterruptedException {
        sleepUntil(at);
        checkServices();
        List<IntervalRow> rows = sampler.sample(at, step, offered,
                r -> step.equals(DRAIN) ? "load stopped" : VrStates.of(r, feed.violations(), PolicyDocument.TOLERANCE));
        rows.forEach(r -> out.println(line(r)));
        return rows;
    }

    static String line(IntervalRow r) {
        return String.format(Locale.ROOT, "[%5.1fs] %-8s %-6s %-3s offered %5.1f  delivered %5.1f / guarantee %5.1f"
                        + " kpps (%3s)  cpu %3s  shares %-5s %s", r.seconds(), r.step(), r.router(), r.kind(),
                r.offeredKpps(), r.deliveredKpps(), r.guaranteeKpps(),
                Double.isNaN(r.ofGuarantee()) ? "-" : Math.round(100 * r.ofGuarantee()) + "%",
                Double.isNaN(r.cpuPercent()) ? "-" : Math.round(r.cpuPercent()) + "%",
                r.cpuShares() > 0 ? String.valueOf(r.cpuShares()) : "-", r.state());
    }

    private Path report(Scenario scenario, Instant start, List<IntervalRow> rows, List<StepWindow> windows,
            String command) throws IOException {
        ReportBuilder builder = new ReportBuilder(PolicyDocument.TOLERANCE, scenario.settle());
        var violations = feed.violations();
        var actions = feed.actions();
        RunReport report = new RunReport(scenario.name(), settings.mode().wireName(), settings.hostId(), start,
                settings.interval().toMillis(), command,
                new RunReport.Relay(scenario.relayWork(), scenario.relayCapacityKpps()), builder.steps(windows, rows),
                ReportBuilder.violations(violations), ReportBuilder.actions(actions),
                Advice.fromPlans(stack.analyzerPlans(), settings.hostId()).stream()
                        .filter(a -> "advise".equals(a.mode())).toList(),
                builder.latency(rows, violations, actions, RunSettings.WINDOW_INTERVALS,
                        settings.interval().toMillis()), rows);
        ReportWriter.write(report, settings.out());
        summary(report);
        return settings.out();
    }

    private void summary(RunReport report) {
        out.println("lab: violations: " + (report.violations().isEmpty() ? "none" : ""));
        report.violations().forEach(v -> out.printf("  %s %s victim %s aggressors %s opened %s resolved %s%n",
                v.id(), v.type(), v.victim(), v.aggressors(), v.openedAt(), v.resolvedAt()));
        out.println("lab: enforcer actions: " + (report.actions().isEmpty() ? "none" : ""));
        report.actions().forEach(a -> out.printf("  %s %s %s: %s%n", a.at(), a.router(), a.change(), a.result()));
        if (!report.advice().isEmpty()) {
            out.println("lab: the analyzer's advice (policy mode advise: published, not sent):");
            report.advice().forEach(a -> out.printf("  %s %s %s: %s%n", a.at(), a.step(), a.router(), a.change()));
        }
        RunReport.Latency l = report.latency();
        out.printf("lab: latency from the victim first below its guarantee: detect %s, act %s, recover %s%s%n",
                ms(l.detectMs()), ms(l.actMs()), ms(l.recoverMs()), l.victimAfterRecoveryPercent() == null ? ""
                        : String.format(Locale.ROOT, "; %s after recovery: %.1f %% of its guarantee (median %.1f %%)",
                        l.victim(), l.victimAfterRecoveryPercent(), l.victimAfterRecoveryMedianPercent()));
    }

    private static String ms(Long v) {
        return v == null ? "-" : v + " ms";
    }

    private void checkServices() {
        if (closing) {
            throw new LabException("stopped: removing the testbed and vrguard's processes");
        }
        ServiceProcess dead = stack.deadService();
        if (dead != null) {
            throw new LabException("the " + dead.name() + " exited during the run; see " + dead.log());
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Services first (they watch the testbed), then this JVM out of the lab's cgroups, then the testbed. */
    @Override
    public void close() {
        closing = true;
        closeOnce();
    }

    private synchronized void closeOnce() {
        if (closed) {
            return;
        }
        closed = true;
        if (feed != null) {
            feed.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (self != null) {
            self.leave();
        }
        if (bed != null) {
            bed.close();
        }
    }
}
