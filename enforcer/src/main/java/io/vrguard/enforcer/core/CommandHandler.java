package io.vrguard.enforcer.core;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.VrDiscovery;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.WireSchema;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One record in, one result out. Order: authenticity ({@link CommandAdmission#authenticate}), the ledger (replay, or
 * the recorded result of a redelivery), validity in time ({@link CommandAdmission#checkValidity}), stop, then per
 * command type: apply ({@link ApplyPlan}) or revert ({@link RevertPlan}).
 */
public final class CommandHandler {
    private final String hostId;
    private final Mode mode;
    private final Clock clock;
    private final CommandAdmission admission;
    private final CommandLedger ledger;
    private final StopState stop;
    private final ApplyPlan apply;
    private final RevertPlan revert;

    public CommandHandler(EnforcerCore core) {
        this.hostId = core.hostId();
        this.mode = core.mode();
        this.clock = core.clock();
        this.admission = new CommandAdmission(core.keys(), core.hostId(), core.clock(), core.limits().clockSkew());
        this.ledger = core.ledger();
        this.stop = core.stop();
        Reconciler reconciler = new Reconciler(core.originals());
        this.apply = new ApplyPlan(core, reconciler,
                new RateLimiter(core.limits(), core.clock(), core.limitHistory()));
        this.revert = new RevertPlan(core, reconciler);
    }

    public Mode mode() {
        return mode;
    }

    /** @param origin where the record was read, e.g. {@code vrguard.commands-3@42} */
    public synchronized Handled handle(byte[] record, String origin) {
        EnforcementCommand command;
        try {
            command = admission.authenticate(record);
        } catch (RejectedException e) {
            // Not authenticated: no command id is trusted, none is recorded.
            return rejected(null, null, e.rejection(), List.of());
        }
        // The ledger comes before the clock: a command already handled keeps its result even when it comes back
        // after its expiry (its result may never have reached the broker: a failed publish, a crash).
        Optional<CommandLedger.Entry> seen = ledger.find(command.id());
        if (seen.isPresent() && !origin.equals(seen.get().origin())) {
            return rejected(command.id(), command.violationId(), Rejection.of(Rejection.REPLAYED,
                    "command " + command.id() + " was already received at " + seen.get().origin()), List.of());
        }
        if (seen.isPresent() && seen.get().result() != null) {
            return new Handled(seen.get().result(), null, seen.get().published());
        }
        try {
            admission.checkValidity(command);
        } catch (RejectedException e) {
            return seen.isEmpty() ? rejected(null, null, e.rejection(), List.of()) : interruptedAndExpired(command, e);
        }
        if (seen.isEmpty()) {
            ledger.begin(command.id(), command.expiresAt(), origin);
        }
        // else crashed mid-command: run it again; reconciling is idempotent and originals are kept from before.
        Handled handled = execute(command);
        ledger.finish(command.id(), handled.result());
        return handled;
    }

    /**
     * A command begun before a crash whose redelivery comes after its expiry: it is not finished (a stale command is
     * never applied), and is answered with its id, since it was authenticated and recorded.
     */
    private Handled interruptedAndExpired(EnforcementCommand command, RejectedException e) {
        Handled handled = rejected(command.id(), command.violationId(), Rejection.of(e.rejection().code(),
                e.rejection().message() + "; it was interrupted by a restart, and what it changed before stays until"
                        + " a revert"), List.of());
        ledger.finish(command.id(), handled.result());
        return handled;
    }

    private Handled execute(EnforcementCommand command) {
        try {
            return switch (command.type()) {
                case STOP, RESUME -> fleetStop(command);
                case APPLY, REVERT -> {
                    if (stop.stopped()) {
                        throw new RejectedException(Rejection.STOPPED, "fleet stop is on ("
                                + (stop.flagPresent() ? "flag file" : "stop command") + "): no writes");
                    }
                    List<AppliedChange> changes = command.type() == CommandType.APPLY
                            ? apply.run(command, mode) : revert.run(command, mode);
                    yield done(command, changes);
                }
            };
        } catch (ApplyPlan.CommandRefused e) {
            return rejected(command.id(), command.violationId(), e.rejection(), e.changes());
        } catch (RejectedException e) {
            return rejected(command.id(), command.violationId(), e.rejection(), List.of());
        }
    }

    /** A stop or resume, addressed to this host or to the whole fleet; the issuer's reason is repeated. */
    private Handled fleetStop(EnforcementCommand command) {
        boolean on = command.type() == CommandType.STOP;
        stop.stoppedByCommand(on);
        String what = on ? "fleet stop on: no writes until resume" : "fleet stop lifted"
                + (stop.flagPresent() ? " (flag file still present: still stopped)" : "");
        String why = command.reason() == null || command.reason().isBlank() ? "" : " (" + command.reason() + ")";
        return new Handled(result(command.id(), command.violationId(), ActionStatus.APPLIED, what + why, List.of()),
                null, false);
    }

    private Handled done(EnforcementCommand command, List<AppliedChange> changes) {
        ActionStatus status;
        if (Reconciler.anyFailed(changes)) {
            status = ActionStatus.FAILED;
        } else if (mode != Mode.ENFORCE) {
            status = ActionStatus.DRY_RUN;
        } else {
            status = command.type() == CommandType.REVERT ? ActionStatus.REVERTED : ActionStatus.APPLIED;
        }
        String reason = status == ActionStatus.FAILED ? changes.stream()
                .filter(c -> Reconciler.FAILED.equals(c.outcome())).findFirst().map(AppliedChange::detail)
                .orElse(null) : null;
        return new Handled(result(command.id(), command.violationId(), status, reason, changes), null, false);
    }

    private Handled rejected(String id, String violationId, Rejection why, List<AppliedChange> changes) {
        return new Handled(result(id, violationId, ActionStatus.REJECTED, why.toString(), changes), why.code(),
                false);
    }

    private ActionResult result(String id, String violationId, ActionStatus status, String reason,
            List<AppliedChange> changes) {
        return new ActionResult(WireSchema.ACTION_RESULT, id, hostId, clock.instant(), status, mode.wireName(),
                violationId, reason, changes);
    }

    /** The result of {@code commandId} was acknowledged by the broker; a redelivery publishes nothing. */
    public void published(String commandId) {
        ledger.published(commandId);
    }

    /** Restores every remembered original (revert-on-shutdown); nothing while stopped or not enforcing. */
    public synchronized List<AppliedChange> revertAll() {
        if (mode != Mode.ENFORCE || stop.stopped()) {
            return List.of();
        }
        return revert.all(mode);
    }

    /** Finds a VR among those discovery knows now; the name is checked as a name first. */
    static DiscoveredVr router(VrDiscovery discovery, String name) {
        try {
            io.vrguard.discovery.SafePaths.vrName(name);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.INVALID_ROUTER, e.getMessage());
        }
        return discovery.discover().routers().stream().filter(vr -> vr.name().equals(name)).findFirst()
                .orElseThrow(() -> new RejectedException(Rejection.UNKNOWN_ROUTER, "VR '" + name
                        + "' is not one this host's discovery knows"));
    }
}
