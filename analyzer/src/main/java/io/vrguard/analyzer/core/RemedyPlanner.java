package io.vrguard.analyzer.core;

import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chooses the remedy for an isolation violation by forwarding path and turns it into a command. */
public final class RemedyPlanner {
    private final DetectionSettings settings;
    private final SharePlanner shares;
    private final SteeringPlanner steering = new SteeringPlanner();

    public RemedyPlanner(DetectionSettings settings) {
        this.settings = settings;
        this.shares = new SharePlanner(settings);
    }

    /**
     * The first remedy, by where the contention comes from rather than by the victim's kind: an LXC aggressor's
     * forwarding runs in host SoftIRQ that no cgroup's shares govern, so its receive processing (or, if its
     * policy leaves no CPU, the victim's) is steered to a less loaded allowed CPU; when every aggressor is a KVM
     * VR, whose forwarding is charged to its cgroup, the VRs on the contended CPUs get shares. An LXC victim of
     * KVM aggressors gets its own receive processing steered: shares do not reach its SoftIRQ.
     */
    public Optional<Remedy> first(Finding f, String violationId, HostWindow w, Policies p, Mode mode, Instant at) {
        List<String> lxcAggressors = f.aggressors().stream().filter(a -> kind(w, a) == VrKind.LXC).toList();
        boolean steer = !lxcAggressors.isEmpty() || kind(w, f.victim()) == VrKind.LXC;
        if (steer) {
            return steering.plan(f, lxcAggressors, w, p).map(plan -> remedy("steer", f, violationId, at, mode,
                    plan.changes(), plan.predictedDeliveredKpps(), "move " + plan.moved()
                            + "'s receive processing to CPU " + plan.toCpu() + " (" + lever(lxcAggressors) + ")",
                    Map.of(), Map.of()));
        }
        return shares(f, violationId, w, p, mode, at, "shares");
    }

    /** Which VRs' contention decided for steering, said in the command's reason. */
    private static String lever(List<String> lxcAggressors) {
        return lxcAggressors.isEmpty() ? "lxc victim: its SoftIRQ is not governed by shares"
                : "lxc aggressor " + lxcAggressors + ": its SoftIRQ is not governed by shares";
    }

    private Optional<Remedy> shares(Finding f, String violationId, HostWindow w, Policies p, Mode mode, Instant at,
            String step) {
        return shares.shares(f, w, p).map(plan -> remedy(step, f, violationId, at, mode, plan.changes(),
                plan.predictedDeliveredKpps(), "cpu.shares " + plan.shares() + " (guarantee x CPU cost per packet"
                        + (plan.target().equals(plan.shares()) ? "" : "; towards " + plan.target()
                                + " in steps of at most x" + settings.maxShareStepFactor())
                        + ")", plan.shares(), plan.target()));
    }

    static VrKind kind(HostWindow w, String vr) {
        return w.routerIn(w.latest(), vr).map(v -> v.kind()).orElse(null);
    }

    /**
     * After a shares step did not help: the next shares step while the enforcer's step factor kept the plan short
     * of its target, then a quota cap on aggressors whose policy allows it.
     */
    public Optional<Remedy> escalate(Remedy previous, Finding f, HostWindow w, Policies p, Instant at) {
        if (!previous.step().startsWith("shares")) {
            return Optional.empty();
        }
        if (!previous.target().equals(previous.shares())) { // the last step stopped short of its target
            return shares(f, previous.violationId(), w, p, previous.mode(), at, "shares-step");
        }
        return shares.quota(f, w, p, previous.shares()).map(plan -> remedy("quota", f, previous.violationId(), at,
                previous.mode(), plan.changes(), plan.predictedDeliveredKpps(),
                "quota cap on " + f.aggressors() + " after shares did not restore " + f.victim() + ": "
                        + capped(plan.caps()), previous.shares(), Map.of()));
    }

    /** Each cap as "vr2 at 37.8% of a CPU", saying where a policy floor raised it. */
    private static String capped(Map<String, SharePlanner.QuotaCap> caps) {
        List<String> out = new ArrayList<>();
        caps.forEach((vr, cap) -> out.add(cap.describe(vr)));
        return String.join(", ", out);
    }

    /** Undo every change made for a violation. */
    public Remedy revert(Remedy previous, Instant at, String why) {
        List<SettingChange> undo = previous.command().command().changes().stream()
                .map(c -> new SettingChange(c.router(), c.setting(), c.target(), null, c.bounds())).toList();
        EnforcementCommand cmd = new EnforcementCommand(WireSchema.COMMAND,
                commandId(previous.violationId(), "revert", at), previous.command().command().host(), at,
                at.plus(settings.commandTtl()), CommandType.REVERT, previous.violationId(), why, undo, Map.of());
        return new Remedy(previous.violationId(), new PlannedCommand(cmd, previous.mode(), "revert",
                previous.command().victim()), "revert", at, Map.of(), Map.of());
    }

    private Remedy remedy(String step, Finding f, String violationId, Instant at, Mode mode,
            List<SettingChange> changes, Map<String, Double> predicted, String why, Map<String, Long> shares,
            Map<String, Long> target) {
        EnforcementCommand cmd = new EnforcementCommand(WireSchema.COMMAND, commandId(violationId, step, at),
                f.host(), at, at.plus(settings.commandTtl()), CommandType.APPLY, violationId,
                f.type().wireName() + " of " + f.victim() + ": " + why, changes, predicted);
        return new Remedy(violationId, new PlannedCommand(cmd, mode, step, f.victim()), step, at, shares,
                target);
    }

    /** Deterministic, so a replay prints the same ids; unique per violation, step and time. */
    static String commandId(String violationId, String step, Instant at) {
        return "c-" + violationId.substring(2, 10) + "-" + step + "-" + at.toEpochMilli();
    }

    /**
     * A command issued for a violation, kept until the remedy is judged.
     *
     * @param shares the cpu.shares this command sets (share steps)
     * @param target the cpu.shares the plan aims at; differs from {@code shares} while the enforcer's step
     *               factor keeps a step short of it
     */
    public record Remedy(String violationId, PlannedCommand command, String step, Instant issuedAt,
            Map<String, Long> shares, Map<String, Long> target) {
        public Mode mode() {
            return command.mode();
        }
    }
}
