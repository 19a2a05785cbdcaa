package io.vrguard.analyzer.core;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.WireSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Detection, violation tracking and remedy planning for the hosts this instance owns. Not thread-safe: one
 * caller (the consumer thread, or the replay loop) drives it. Time comes only from samples and from
 * {@link #advance(Instant)}, so a replay needs no clock.
 */
public final class FleetAnalysis {
    private final DetectionSettings settings;
    private final List<Rule> rules;
    private final ViolationTracker tracker;
    private final RemedyPlanner planner;
    private final Remedies remedies;
    private final Map<String, HostWindow> windows = new HashMap<>();
    private volatile Policies policies;
    private long skippedWindows;
    private long duplicateSamples;

    public FleetAnalysis(DetectionSettings settings, Policies policies) {
        this.settings = settings;
        this.policies = policies;
        this.rules = rules(settings);
        this.tracker = new ViolationTracker(settings.clearIntervals());
        this.planner = new RemedyPlanner(settings);
        this.remedies = new Remedies(settings, planner, tracker);
    }

    /** Every rule the analysis runs; the breach rules share one breach and contention computation per window. */
    static List<Rule> rules(DetectionSettings settings) {
        return List.of(new BreachRules(settings, List.of(new IsolationRule(settings),
                new OvercommitRule(settings), new UnexplainedBreachRule(settings))), new StaleRule(settings));
    }

    public void policies(Policies next) {
        this.policies = next;
    }

    public Policies policies() {
        return policies;
    }

    public AnalysisOutput accept(HostSample sample) {
        HostWindow before = windows.getOrDefault(sample.host(),
                HostWindow.empty(sample.host(), settings.windowIntervals()));
        HostWindow window = before.add(sample);
        if (window == before) {
            duplicateSamples++;
            return AnalysisOutput.NONE;
        }
        windows.put(sample.host(), window);
        Instant at = sample.timestamp();
        List<ViolationEvent> events = new ArrayList<>(tracker.update(hostGroup(sample.host()), List.of(), at, 1));
        List<Finding> findings = new ArrayList<>();
        boolean complete = true;
        for (Rule rule : rules) {
            if (window.size() < rule.intervalsNeeded()) {
                complete = false;
            } else {
                findings.addAll(rule.evaluate(window, policies));
            }
        }
        List<PlannedCommand> commands = new ArrayList<>();
        if (complete) {
            for (ViolationEvent e : tracker.update(sample.host(), findings, at)) {
                if (ViolationEvent.RESOLVED.equals(e.event())) {
                    remedies.resolvedEarly(e, window).ifPresent(events::add);
                }
                events.add(e);
            }
            remedies.interval(sample.host());
            commands.addAll(plan(events, window, at));
            AnalysisOutput verified = remedies.verify(window, policies, at);
            events.addAll(verified.events());
            commands.addAll(verified.commands());
        } else {
            skippedWindows++;
        }
        int staleVrs = (int) findings.stream().filter(f -> f.type() == ViolationType.STALE).count();
        HostHealth health = new HostHealth(sample.host(), at, sample.seq(), window.lastGap(),
                window.missedSamples(), staleVrs, false);
        return new AnalysisOutput(events, commands, List.of(health));
    }

    /**
     * Hosts silent for the stale threshold at {@code now} go stale (never healthy). The caller chooses what
     * "now" is: the replay uses each sample's timestamp; the service uses its clock only while its consumer is
     * caught up, and the newest sample time while it is catching up, so a lagging consumer raises no alarm.
     */
    public AnalysisOutput advance(Instant now) {
        return advance(host -> now);
    }

    /**
     * As {@link #advance(Instant)}, with each host judged at its own "now" ({@code nowOf}; null skips the host):
     * the service judges a host whose samples are still queued behind a backlog by the newest sample read from
     * that backlog, not by the fleet's.
     */
    public AnalysisOutput advance(Function<String, Instant> nowOf) {
        List<ViolationEvent> events = new ArrayList<>();
        List<HostHealth> health = new ArrayList<>();
        for (HostWindow w : windows.values()) {
            Instant now = nowOf.apply(w.host());
            if (now == null) {
                continue;
            }
            HostSample last = w.latest();
            Duration silent = Duration.between(last.timestamp(), now);
            long intervals = last.intervalMs() > 0 ? silent.toMillis() / last.intervalMs() : 0;
            if (intervals >= settings.staleIntervals()) {
                Finding f = new Finding(ViolationType.STALE, w.host(), null, List.of(), List.of(), null,
                        "host " + w.host() + " has sent no sample for " + silent.toSeconds() + " s (" + intervals
                                + " intervals; last seq " + last.seq() + "): its VRs' state is unknown",
                        Map.of("silentSeconds", (double) silent.toSeconds()));
                List<ViolationEvent> e = tracker.update(hostGroup(w.host()), List.of(f), now, 1);
                events.addAll(e);
                if (!e.isEmpty()) {
                    health.add(new HostHealth(w.host(), now, last.seq(), 0, w.missedSamples(), 0, true));
                }
            }
        }
        return new AnalysisOutput(events, List.of(), health);
    }

    public AnalysisOutput onAction(ActionResult result) {
        if (result.status() == ActionStatus.REJECTED || result.status() == ActionStatus.FAILED) {
            return remedies.failed(result);
        }
        return AnalysisOutput.NONE;
    }

    /**
     * A host this instance has just taken over (rebalance, restart): its violations that another instance left
     * open go on under their ids instead of being opened anew. Only for a host with no state here yet; returns
     * how many were taken over.
     */
    public int restore(String host, List<ViolationEvent> lastEvents) {
        if (windows.containsKey(host)) {
            return 0;
        }
        int restored = 0;
        for (ViolationEvent e : lastEvents) {
            if (host.equals(e.host()) && tracker.restore(e)) {
                restored++;
            }
        }
        return restored;
    }

    /** Drops a host's state without events: its partition moved, the new owner rebuilds from samples. */
    public void forget(String host) {
        windows.remove(host);
        tracker.forget(host);
        remedies.forget(host);
    }

    public List<ViolationTracker.Open> openViolations() {
        return tracker.all();
    }

    public Optional<HostWindow> window(String host) {
        return Optional.ofNullable(windows.get(host));
    }

    public long skippedWindows() {
        return skippedWindows;
    }

    public long duplicateSamples() {
        return duplicateSamples;
    }

    /**
     * Plans remedies for the isolation violations this interval opened or changed, and for those whose
     * given-up remedy has re-armed. A decision not to plan (given up, cooldown) or to plan again (re-armed) is
     * said as an update of the violation; planning adds events to {@code events}.
     */
    private List<PlannedCommand> plan(List<ViolationEvent> events, HostWindow window, Instant at) {
        List<PlannedCommand> out = new ArrayList<>();
        List<ViolationEvent> said = new ArrayList<>();
        Set<String> candidates = new LinkedHashSet<>();
        for (ViolationEvent e : events) {
            if (e.type() == ViolationType.ISOLATION_VIOLATION && !ViolationEvent.RESOLVED.equals(e.event())) {
                candidates.add(e.id());
            }
        }
        Set<String> fromEvents = Set.copyOf(candidates);
        candidates.addAll(remedies.rearmed(window.host()));
        for (String id : candidates) {
            ViolationTracker.Open o = tracker.byId(id).orElse(null);
            if (o == null || o.finding().type() != ViolationType.ISOLATION_VIOLATION) {
                continue;
            }
            Finding f = o.finding();
            Mode mode = policies.resolve(f.host(), f.victim()).mode();
            if (mode == Mode.OFF) {
                continue;
            }
            GiveUps.Verdict v = remedies.mayPlan(o, at);
            if (!v.mayPlan()) {
                if (v.why() != null && fromEvents.contains(id)) {
                    said.add(say(o, v.why(), at));
                }
                continue;
            }
            Optional<RemedyPlanner.Remedy> r = planner.first(f, id, window, policies, mode, at);
            if (r.isPresent()) {
                remedies.issued(r.get());
                out.add(r.get().command());
                if (v.why() != null) {
                    said.add(say(o, v.why() + "; planned " + r.get().step() + " (" + r.get().command().command()
                            .id() + ")", at));
                }
            } else if (fromEvents.contains(id)) {
                said.add(say(o, "no remedy planned: no lever applies (no measured cost per packet, no other VR"
                        + " on the contended CPUs, or no allowed CPU to steer to)", at));
            }
        }
        events.addAll(said);
        return out;
    }

    private static ViolationEvent say(ViolationTracker.Open o, String why, Instant at) {
        Finding f = o.finding();
        return new ViolationEvent(WireSchema.VIOLATION_EVENT, o.id(), ViolationEvent.UPDATED, f.type(), f.host(),
                f.victim(), f.aggressors(), f.cpus(), f.path(), why + ": " + f.explanation(), o.startedAt(), at,
                f.figures());
    }

    static String hostGroup(String host) {
        return host + "#host";
    }
}
