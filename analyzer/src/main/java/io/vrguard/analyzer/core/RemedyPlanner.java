package io.vrguard.analyzer.core;

import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
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

    /** The first remedy: shares for KVM, steering for LXC. */
    public Optional<Remedy> first(Finding f, String violationId, HostWindow w, Policies p, Mode mode, Instant at) {
        if (f.path() == VrKind.LXC) {
            return steering.plan(f, w, p).map(plan -> remedy("steer", f, violationId, at, mode, plan.changes(),
                    plan.predictedDeliveredKpps(), "move " + plan.moved() + "'s receive processing to CPU "
                            + plan.toCpu(), Map.of()));
        }
        return shares.shares(f, w, p).map(plan -> remedy("shares", f, violationId, at, mode, plan.changes(),
                plan.predictedDeliveredKpps(), "cpu.shares " + plan.shares() + " (guarantee x CPU cost per packet)",
                plan.shares()));
    }

    /** After shares did not help: a quota cap on aggressors whose policy allows it. */
    public Optional<Remedy> escalate(Remedy previous, Finding f, HostWindow w, Policies p, Instant at) {
        if (!"shares".equals(previous.step())) {
            return Optional.empty();
        }
        return shares.quota(f, w, p, previous.shares()).map(plan -> remedy("quota", f, previous.violationId(), at,
                previous.mode(), plan.changes(), plan.predictedDeliveredKpps(),
                "quota cap on " + f.aggressors() + " after shares did not restore " + f.victim(),
                previous.shares()));
    }

    /** Undo every change made for a violation. */
    public Remedy revert(Remedy previous, Instant at, String why) {
        List<SettingChange> undo = previous.command().command().changes().stream()
                .map(c -> new SettingChange(c.router(), c.setting(), c.target(), null, c.bounds())).toList();
        EnforcementCommand cmd = new EnforcementCommand(WireSchema.COMMAND,
                commandId(previous.violationId(), "revert", at), previous.command().command().host(), at,
                at.plus(settings.commandTtl()), CommandType.REVERT, previous.violationId(), why, undo, Map.of());
        return new Remedy(previous.violationId(), new PlannedCommand(cmd, previous.mode(), "revert",
                previous.command().victim()), "revert", at, Map.of());
    }

    private Remedy remedy(String step, Finding f, String violationId, Instant at, Mode mode,
            List<SettingChange> changes, Map<String, Double> predicted, String why, Map<String, Long> shares) {
        EnforcementCommand cmd = new EnforcementCommand(WireSchema.COMMAND, commandId(violationId, step, at),
                f.host(), at, at.plus(settings.commandTtl()), CommandType.APPLY, violationId,
                f.type().wireName() + " of " + f.victim() + ": " + why, changes, predicted);
        return new Remedy(violationId, new PlannedCommand(cmd, mode, step, f.victim()), step, at, shares);
    }

    /** Deterministic, so a replay prints the same ids; unique per violation, step and time. */
    static String commandId(String violationId, String step, Instant at) {
        return "c-" + violationId.substring(2, 10) + "-" + step + "-" + at.toEpochMilli();
    }

    /** A command issued for a violation, kept until the remedy is judged. */
    public record Remedy(String violationId, PlannedCommand command, String step, Instant issuedAt,
            Map<String, Long> shares) {
        public Mode mode() {
            return command.mode();
        }
    }
}
