package io.vrguard.lab.report;

import io.vrguard.lab.report.RunReport.ActionReport;
import io.vrguard.lab.report.RunReport.RouterFigures;
import io.vrguard.lab.report.RunReport.StepReport;
import io.vrguard.lab.report.RunReport.ViolationReport;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.ViolationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Builds report.json's content from what the lab measured and what it read from the wire. Pure. */
public final class ReportBuilder {
    private final double tolerance;
    private final Duration settle;

    public ReportBuilder(double tolerance, Duration settle) {
        this.tolerance = tolerance;
        this.settle = settle;
    }

    public List<StepReport> steps(List<StepWindow> windows, List<IntervalRow> rows) {
        List<StepReport> steps = new ArrayList<>();
        for (StepWindow w : windows) {
            Instant from = w.from().plus(settle);
            Map<String, List<IntervalRow>> byRouter = new LinkedHashMap<>();
            rows.stream().filter(r -> r.step().equals(w.name()) && r.at().isAfter(from) && !r.at().isAfter(w.to()))
                    .forEach(r -> byRouter.computeIfAbsent(r.router(), k -> new ArrayList<>()).add(r));
            List<RouterFigures> routers = new ArrayList<>();
            byRouter.forEach((name, rs) -> routers.add(new RouterFigures(name, rs.get(0).kind(),
                    rs.get(0).guaranteeKpps(), mean(rs, IntervalRow::offeredKpps), mean(rs, IntervalRow::deliveredKpps),
                    mean(rs, IntervalRow::dropKpps), mean(rs, IntervalRow::cpuPercent),
                    rs.get(rs.size() - 1).cpuShares())));
            steps.add(new StepReport(w.name(), w.from(), Duration.between(w.from(), w.to()).toMillis() / 1000.0,
                    routers));
        }
        return steps;
    }

    /**
     * One entry per violation id: its type as opened (all types it went through in {@code types}: the analyzer
     * updates an isolation violation that turns into overcommit), opened at its start, resolved at its resolving
     * event (null if still open when the run ended).
     */
    public static List<ViolationReport> violations(List<Received<ViolationEvent>> events) {
        Map<String, ViolationReport> byId = new LinkedHashMap<>();
        for (Received<ViolationEvent> r : events) {
            ViolationEvent e = r.value();
            ViolationReport old = byId.get(e.id());
            String type = e.type() == null ? null : e.type().wireName();
            List<String> types = new ArrayList<>(old == null ? List.of() : old.types());
            if (type != null && !types.contains(type)) {
                types.add(type);
            }
            Instant resolved = ViolationEvent.RESOLVED.equals(e.event()) ? e.at() : null;
            List<String> aggressors = old == null || !e.aggressors().isEmpty() ? e.aggressors() : old.aggressors();
            byId.put(e.id(), new ViolationReport(e.id(), old == null ? type : old.type(), types, e.victim(),
                    aggressors, e.startedAt(), resolved, old == null ? r.at() : old.reportedAt(),
                    old == null ? e.explanation() : old.explanation()));
        }
        return List.copyOf(byId.values());
    }

    /** One entry per setting an enforcer result names; a result without changes gives one entry with its reason. */
    public static List<ActionReport> actions(List<Received<ActionResult>> results) {
        List<ActionReport> out = new ArrayList<>();
        for (Received<ActionResult> r : results) {
            ActionResult a = r.value();
            String status = a.status() == null ? "unknown" : a.status().wireName();
            if (a.changes().isEmpty()) {
                out.add(new ActionReport(a.at(), a.host(), null, a.reason(), status, a.commandId(), a.violationId()));
            }
            for (AppliedChange c : a.changes()) {
                String change = (c.setting() == null ? "?" : c.setting().wireName())
                        + (c.target() == null ? "" : " " + c.target()) + " " + c.before() + " -> "
                        + (c.after() != null ? c.after() : c.requested());
                String result = status + " (" + c.outcome() + (c.method() == null ? "" : ", " + c.method())
                        + (c.detail() == null ? "" : ": " + c.detail()) + ")";
                out.add(new ActionReport(a.at(), a.host(), c.router(), change, result, a.commandId(),
                        a.violationId()));
            }
        }
        return out;
    }

    /** See {@link RunReport.Latency}. {@code window} = the analyzer's n: that many good intervals end a run. */
    public RunReport.Latency latency(List<IntervalRow> rows, List<Received<ViolationEvent>> events,
            List<Received<ActionResult>> results, int window, long intervalMs) {
        Received<ViolationEvent> opened = events.stream()
                .filter(e -> ViolationEvent.OPENED.equals(e.value().event()) && e.value().victim() != null)
                .findFirst().orElse(null);
        if (opened == null) {
            return RunReport.Latency.NONE;
        }
        String victim = opened.value().victim();
        List<IntervalRow> mine = rows.stream().filter(r -> r.router().equals(victim)).toList();
        Instant below = firstBelow(mine, opened.at(), window);
        if (below == null) {
            return new RunReport.Latency(null, null, null, victim, null, null, null, intervalMs);
        }
        Received<ActionResult> applied = results.stream()
                .filter(r -> r.value().status() != null && r.value().status().wireName().equals("applied"))
                .filter(r -> r.value().changes().stream().anyMatch(c -> "changed".equals(c.outcome())))
                .filter(r -> !r.at().isBefore(opened.at())).findFirst().orElse(null);
        Long actMs = applied == null ? null : Duration.between(below, applied.at()).toMillis();
        Instant recovered = applied == null ? null : firstRecovered(mine, applied.at());
        List<Double> after = recovered == null ? List.of() : percentsFrom(mine, recovered);
        return new RunReport.Latency(Duration.between(below, opened.at()).toMillis(), actMs,
                recovered == null ? null : Duration.between(below, recovered).toMillis(), victim, below,
                after.isEmpty() ? null : after.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                after.isEmpty() ? null : median(after), intervalMs);
    }

    /** Walking back from {@code until}: the earliest below-interval before {@code window} good ones in a row. */
    private Instant firstBelow(List<IntervalRow> rows, Instant until, int window) {
        Instant first = null;
        int good = 0;
        for (int i = rows.size() - 1; i >= 0; i--) {
            IntervalRow r = rows.get(i);
            if (r.at().isAfter(until)) {
                continue;
            }
            if (r.below(tolerance)) {
                first = r.at();
                good = 0;
            } else if (first != null && ++good >= window) {
                break;
            }
        }
        return first;
    }

    /** The first interval after {@code after} that, with the next one, is back at or above 1 - tolerance. */
    private Instant firstRecovered(List<IntervalRow> rows, Instant after) {
        for (int i = 0; i + 1 < rows.size(); i++) {
            IntervalRow r = rows.get(i);
            if (r.at().isAfter(after) && !r.below(tolerance) && !rows.get(i + 1).below(tolerance)
                    && !Double.isNaN(r.ofGuarantee())) {
                return r.at();
            }
        }
        return null;
    }

    /** Delivered / owed of the victim (in %) from {@code from} on, in every interval where it was owed anything. */
    private static List<Double> percentsFrom(List<IntervalRow> rows, Instant from) {
        return rows.stream().filter(r -> !r.at().isBefore(from) && !Double.isNaN(r.ofGuarantee()))
                .map(r -> 100 * r.ofGuarantee()).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double mean(List<IntervalRow> rows, ToDoubleFunction<IntervalRow> f) {
        return rows.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
