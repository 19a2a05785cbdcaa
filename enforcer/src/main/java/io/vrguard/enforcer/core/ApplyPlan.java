package io.vrguard.enforcer.core;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.VrInterface;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An apply command, all-or-nothing up to the first write: every change is scoped and bounded, every knob read and
 * every step checked, the rate limit consulted and, in enforce mode, every knob about to change probed (an IRQ the
 * kernel will not move) before anything is written. Then knobs are reconciled in order, stopping at the first
 * kernel failure.
 */
final class ApplyPlan {
    private final EnforcerCore core;
    private final Reconciler reconciler;
    private final RateLimiter limiter;

    ApplyPlan(EnforcerCore core, Reconciler reconciler, RateLimiter limiter) {
        this.core = core;
        this.reconciler = reconciler;
        this.limiter = limiter;
    }

    /** A whole command refused, with each change's own verdict. */
    static final class CommandRefused extends RejectedException {
        private final transient List<AppliedChange> changes;

        CommandRefused(Rejection first, List<AppliedChange> changes) {
            super(first.code(), first.message());
            this.changes = List.copyOf(changes);
        }

        List<AppliedChange> changes() {
            return changes;
        }
    }

    List<AppliedChange> run(EnforcementCommand command, Mode mode) {
        if (command.changes().isEmpty()) {
            throw new RejectedException(Rejection.NO_CHANGES, "apply command without changes");
        }
        List<DiscoveredVr> routers = scopeAndBounds(command.changes());
        List<Reconciler.Step> steps = new ArrayList<>();
        List<AppliedChange> observed = new ArrayList<>();
        for (int i = 0; i < routers.size(); i++) {
            SettingChange change = command.changes().get(i);
            for (Knob knob : knobs(routers.get(i), change)) {
                if (mode == Mode.OBSERVE) {
                    observed.add(new AppliedChange(change.router(), change.setting(), knob.target(), change.value(),
                            null, null, "none", Reconciler.WOULD_CHANGE, "observe: not read, not written"));
                } else {
                    steps.add(step(change, knob));
                }
            }
        }
        Set<String> names = new LinkedHashSet<>();
        command.changes().forEach(c -> names.add(c.router()));
        names.forEach(n -> limiter.check(n, command.id()));
        if (mode == Mode.ENFORCE) {
            probe(steps);
        }
        names.forEach(n -> limiter.admitted(n, command.id()));
        return mode == Mode.OBSERVE ? observed : reconcile(steps, mode, command.id());
    }

    private List<DiscoveredVr> scopeAndBounds(List<SettingChange> changes) {
        BitSet online = core.onlineCpus().get();
        List<DiscoveredVr> routers = new ArrayList<>();
        List<AppliedChange> verdicts = new ArrayList<>();
        Rejection first = null;
        for (SettingChange change : changes) {
            try {
                DiscoveredVr vr = CommandHandler.router(core.discovery(), change.router());
                checkInterface(vr, change);
                ChangeCheck.check(change, online, core.limits().minQuotaPercent());
                routers.add(vr);
                verdicts.add(verdict(change, Reconciler.REJECTED, "valid, but not applied: another change of this "
                        + "command was refused"));
            } catch (RejectedException e) {
                first = first == null ? e.rejection() : first;
                verdicts.add(verdict(change, Reconciler.REJECTED, e.rejection().toString()));
            }
        }
        if (first != null) {
            throw new CommandRefused(first, verdicts);
        }
        return routers;
    }

    private List<Knob> knobs(DiscoveredVr vr, SettingChange change) {
        try {
            return core.knobs().knobs(vr, change.setting(), change.target());
        } catch (RejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RejectedException(Rejection.UNAVAILABLE, "cannot find " + change.setting().wireName()
                    + " of " + vr.name() + ": " + Reconciler.message(e));
        }
    }

    private static void checkInterface(DiscoveredVr vr, SettingChange change) {
        boolean needsInterface = switch (change.setting()) {
            case IRQ_AFFINITY, RPS_CPUS, XPS_CPUS -> true;
            default -> false;
        };
        if (!needsInterface) {
            return;
        }
        boolean own = vr.interfaces().stream().map(VrInterface::name).anyMatch(n -> n.equals(change.target()));
        if (!own) {
            throw new RejectedException(Rejection.UNKNOWN_INTERFACE, "'" + change.target()
                    + "' is not an interface of VR '" + vr.name() + "'");
        }
    }

    private Reconciler.Step step(SettingChange change, Knob knob) {
        String current;
        String desired;
        try {
            current = knob.read();
            desired = DesiredValue.forKnob(change.setting(), change.value(), knob, current);
        } catch (KnobException | RuntimeException e) {
            // includes a current value the codecs cannot read: nothing is written where we cannot say what is there
            throw new RejectedException(Rejection.UNAVAILABLE, "cannot read " + knob.target() + ": "
                    + Reconciler.message(e));
        }
        DesiredValue.checkStep(knob, current, desired, core.limits().maxFactor());
        try {
            knob.validate(desired);
        } catch (KnobException | RuntimeException e) {
            throw new RejectedException(Rejection.OUT_OF_RANGE, knob.target() + " cannot take " + desired + ": "
                    + Reconciler.message(e));
        }
        return new Reconciler.Step(change.router(), change.setting(), iface(change), knob, change.value(),
                current, desired);
    }

    /**
     * Every knob the command will change, asked whether the kernel takes a write there at all (an IRQ it will not
     * move answers EIO), so such a command is refused whole instead of failing after its first writes.
     */
    private static void probe(List<Reconciler.Step> steps) {
        for (Reconciler.Step step : steps) {
            if (step.current().equals(step.desired())) {
                continue;
            }
            try {
                step.knob().probe();
            } catch (KnobException | RuntimeException e) {
                String code = step.setting() == Setting.IRQ_AFFINITY ? Rejection.IRQ_UNMOVABLE : Rejection.UNAVAILABLE;
                Rejection why = Rejection.of(code, Reconciler.message(e) + "; nothing of this command was changed");
                throw new CommandRefused(why, steps.stream().map(s -> Reconciler.change(s, s.current(), "none",
                        Reconciler.REJECTED, s == step ? why.toString() : "valid, but not applied: "
                                + step.knob().target() + " of this command cannot be changed")).toList());
            }
        }
    }

    private List<AppliedChange> reconcile(List<Reconciler.Step> steps, Mode mode, String commandId) {
        List<AppliedChange> results = new ArrayList<>();
        for (Reconciler.Step step : steps) {
            AppliedChange result = reconciler.reconcile(step, mode);
            results.add(result);
            if (Reconciler.CHANGED.equals(result.outcome())) {
                limiter.changed(step.router(), commandId);
            }
            if (Reconciler.FAILED.equals(result.outcome())) {
                break;
            }
        }
        return results;
    }

    private static String iface(SettingChange change) {
        return change.setting() == Setting.CPU_SHARES || change.setting() == Setting.CPU_WEIGHT
                || change.setting() == Setting.CPU_QUOTA ? null : change.target();
    }

    private static AppliedChange verdict(SettingChange change, String outcome, String detail) {
        return new AppliedChange(change.router(), change.setting(), change.target(), change.value(), null, null,
                "none", outcome, detail);
    }
}
