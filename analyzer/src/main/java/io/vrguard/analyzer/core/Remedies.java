package io.vrguard.analyzer.core;

import io.vrguard.analyzer.core.RemedyPlanner.Remedy;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ResultReasons;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remedies in flight: cooldown per VR, verification after {@code verifyIntervals}, escalation, revert and
 * giving up (said out loud as an updated violation).
 */
final class Remedies {
    private record InFlight(Remedy remedy, int samplesSince) {
    }

    private final DetectionSettings settings;
    private final RemedyPlanner planner;
    private final ViolationTracker tracker;
    private final Map<String, InFlight> byViolation = new HashMap<>();
    private final Map<String, Instant> lastPlanned = new HashMap<>();
    private final GiveUps gaveUp;

    Remedies(DetectionSettings settings, RemedyPlanner planner, ViolationTracker tracker) {
        this.settings = settings;
        this.planner = planner;
        this.tracker = tracker;
        this.gaveUp = new GiveUps(settings.rearmIntervals());
    }

    /** One evaluated interval of a host, before planning: counts towards re-arming given-up remedies. */
    void interval(String host) {
        gaveUp.interval(host, tracker.ofHost(host));
    }

    /** The host's given-up violations that have re-armed and have nothing in flight. */
    List<String> rearmed(String host) {
        return gaveUp.rearmed(tracker.ofHost(host).stream().filter(o -> !byViolation.containsKey(o.id())).toList());
    }

    /**
     * Whether a remedy may be planned for an open violation now, and why (null: nothing worth saying, e.g. a
     * remedy is in flight). A given-up remedy stays given up until {@link GiveUps} re-arms it; the cooldown
     * since the VR's last command holds either way.
     */
    GiveUps.Verdict mayPlan(ViolationTracker.Open o, Instant at) {
        if (byViolation.containsKey(o.id())) {
            return new GiveUps.Verdict(false, null);
        }
        Optional<GiveUps.Verdict> given = gaveUp.verdict(o);
        if (given.isPresent() && !given.get().mayPlan()) {
            return given.get();
        }
        Instant last = lastPlanned.get(o.finding().host() + "/" + o.finding().victim());
        if (last != null && at.isBefore(last.plus(settings.cooldown()))) {
            return new GiveUps.Verdict(false, "remedy not attempted yet: cooldown for " + o.finding().victim()
                    + " until " + last.plus(settings.cooldown()) + given.map(v -> " (" + v.why() + ")").orElse(""));
        }
        return given.orElse(new GiveUps.Verdict(true, null));
    }

    void issued(Remedy r) {
        byViolation.put(r.violationId(), new InFlight(r, 0));
        gaveUp.cleared(r.violationId());
        lastPlanned.put(r.command().command().host() + "/" + r.command().victim(), r.issuedAt());
    }

    /**
     * Judges the host's remedies one interval later: recovered, still waiting, escalate, or revert. When a remedy
     * is judged, its outcome is compared with the prediction it carried and reported as an update of its
     * violation (explanation and {@code predicted.* / measured.*} figures).
     */
    AnalysisOutput verify(HostWindow window, Policies policies, Instant at) {
        List<PlannedCommand> out = new ArrayList<>();
        List<ViolationEvent> events = new ArrayList<>();
        for (InFlight f : List.copyOf(byViolation.values())) {
            Remedy r = f.remedy();
            if (!r.command().command().host().equals(window.host()) || !r.issuedAt().isBefore(at)) {
                continue;
            }
            Optional<ViolationTracker.Open> open = tracker.byId(r.violationId());
            if (open.isEmpty() || r.mode() != Mode.AUTO || "revert".equals(r.step())) {
                byViolation.remove(r.violationId()); // recovered, advice only, or already reverted
                continue;
            }
            int since = f.samplesSince() + 1;
            if (since < settings.verifyIntervals()) {
                byViolation.put(r.violationId(), new InFlight(r, since));
                continue;
            }
            boolean recovered = recovered(window, policies, r.command().victim());
            predictionCheck(r, window).ifPresent(check -> events.add(checked(open.get(), r, check, recovered, at)));
            if (recovered) {
                byViolation.remove(r.violationId()); // the victim is whole again; the violation resolves itself
                continue;
            }
            Optional<Remedy> next = planner.escalate(r, open.get().finding(), window, policies, at);
            Remedy chosen = next.orElseGet(() -> planner.revert(r, at, "victim " + r.command().victim()
                    + " not recovered within " + settings.verifyIntervals() + " intervals after " + r.step()
                    + "; reverted, giving up (remedy exhausted)"));
            if (next.isEmpty()) {
                gaveUp.gaveUp(open.get(), at, chosen.command().command().reason());
            }
            byViolation.put(r.violationId(), new InFlight(chosen, 0));
            lastPlanned.put(window.host() + "/" + r.command().victim(), at); // the cooldown counts from the revert
            out.add(chosen.command());
        }
        return new AnalysisOutput(events, out, List.of());
    }

    /** Measured delivered kpps in the judging (latest) interval, for every VR the command made a prediction for. */
    static Optional<PredictionCheck> predictionCheck(Remedy r, HostWindow window) {
        Map<String, Double> predicted = r.command().command().predictedDeliveredKpps();
        if (predicted.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> measured = new HashMap<>();
        for (String vr : predicted.keySet()) {
            window.routerIn(window.latest(), vr).filter(v -> VrSample.STATE_OK.equals(v.state()))
                    .ifPresent(v -> measured.put(vr, Breach.kpps(v.deliveredPps())));
        }
        return Optional.of(new PredictionCheck(predicted, measured));
    }

    private static ViolationEvent checked(ViolationTracker.Open o, Remedy r, PredictionCheck check,
            boolean recovered, Instant at) {
        ViolationEvent template = new ViolationEvent(WireSchema.VIOLATION_EVENT, o.id(), ViolationEvent.UPDATED,
                o.finding().type(), o.finding().host(), o.finding().victim(), o.finding().aggressors(),
                o.finding().cpus(), o.finding().path(), o.finding().explanation(), o.startedAt(), at,
                o.finding().figures());
        return judged(template, r, check, recovered, at);
    }

    /** An {@code updated} event of the template's violation saying how the remedy did against its prediction. */
    private static ViolationEvent judged(ViolationEvent v, Remedy r, PredictionCheck check, boolean recovered,
            Instant at) {
        Map<String, Double> figures = new HashMap<>(v.figures());
        figures.putAll(check.figures());
        return new ViolationEvent(WireSchema.VIOLATION_EVENT, v.id(), ViolationEvent.UPDATED, v.type(), v.host(),
                v.victim(), v.aggressors(), v.cpus(), v.path(), "remedy " + r.command().command().id() + " ("
                        + r.step() + ") judged: victim " + r.command().victim()
                        + (recovered ? " recovered" : " not recovered") + "; " + check.describe(),
                v.startedAt(), at, figures);
    }

    /**
     * The violation resolved before its remedy was due to be judged: the remedy worked. Judge it now against its
     * prediction, as an update just before the resolution, and stop tracking it.
     */
    Optional<ViolationEvent> resolvedEarly(ViolationEvent resolved, HostWindow window) {
        InFlight f = byViolation.get(resolved.id());
        if (f == null || f.remedy().mode() != Mode.AUTO || "revert".equals(f.remedy().step())) {
            return Optional.empty();
        }
        byViolation.remove(resolved.id());
        return predictionCheck(f.remedy(), window).map(check -> judged(resolved, f.remedy(), check, true,
                resolved.at()));
    }

    /** The victim's latest interval no longer breaches: the remedy worked. */
    private static boolean recovered(HostWindow window, Policies policies, String victim) {
        return window.routerIn(window.latest(), victim)
                .map(vr -> !Breach.breaches(vr, policies.resolve(window.host(), victim)))
                .orElse(false);
    }

    /**
     * The enforcer refused or failed a command: stop trying for that violation and say so. A replay rejection is
     * not such a refusal: it answers a second copy of a command whose own result counts (and may have been applied).
     */
    AnalysisOutput failed(ActionResult result) {
        if (ResultReasons.isReplay(result)) {
            return AnalysisOutput.NONE;
        }
        for (InFlight f : List.copyOf(byViolation.values())) {
            if (f.remedy().command().command().id().equals(result.commandId())) {
                byViolation.remove(f.remedy().violationId());
                tracker.byId(f.remedy().violationId()).ifPresent(o -> gaveUp.gaveUp(o, result.at(), "remedy "
                        + result.commandId() + " " + result.status().wireName() + ": " + result.reason()));
                return tracker.byId(f.remedy().violationId()).map(o -> new AnalysisOutput(List.of(
                        new ViolationEvent(WireSchema.VIOLATION_EVENT, o.id(), ViolationEvent.UPDATED,
                                o.finding().type(), o.finding().host(), o.finding().victim(),
                                o.finding().aggressors(), o.finding().cpus(), o.finding().path(),
                                "remedy " + result.commandId() + " " + result.status().wireName() + " by the"
                                        + " enforcer (" + result.reason() + "); giving up until the violation or its cause"
                                        + " changes" + (settings.rearmIntervals() > 0 ? " or for "
                                                + settings.rearmIntervals() + " intervals" : "") + ": "
                                        + o.finding().explanation(),
                                o.startedAt(), result.at(), o.finding().figures())), List.of(), List.of()))
                        .orElse(AnalysisOutput.NONE);
            }
        }
        return AnalysisOutput.NONE;
    }

    void forget(String host) {
        gaveUp.forget(host);
        byViolation.values().removeIf(f -> f.remedy().command().command().host().equals(host));
    }
}
