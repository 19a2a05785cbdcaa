package io.vrguard.enforcer.core;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.enforcer.core.OriginalValues.Original;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.EnforcementCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Restores remembered originals: of the VRs named in the command's changes, or of all VRs when it names none. A
 * knob is found again through discovery (never from the stored text); an original is forgotten only once the kernel
 * holds it again. Revert is exempt from rate limit and cooldown: it is the way back.
 */
final class RevertPlan {
    private final EnforcerCore core;
    private final Reconciler reconciler;

    RevertPlan(EnforcerCore core, Reconciler reconciler) {
        this.core = core;
        this.reconciler = reconciler;
    }

    List<AppliedChange> run(EnforcementCommand command, Mode mode) {
        Set<String> named = command.changes().stream().map(c -> c.router()).collect(Collectors.toSet());
        List<AppliedChange> results = new ArrayList<>();
        for (Original original : core.originals().all()) {
            if (named.isEmpty() || named.contains(original.router())) {
                results.add(revert(original, mode));
            }
        }
        return results;
    }

    /** Every remembered original, e.g. on shutdown. */
    List<AppliedChange> all(Mode mode) {
        return core.originals().all().stream().map(o -> revert(o, mode)).toList();
    }

    private AppliedChange revert(Original original, Mode mode) {
        Knob knob;
        try {
            DiscoveredVr vr = CommandHandler.router(core.discovery(), original.router());
            knob = find(vr, original).orElseThrow(() -> new RejectedException(Rejection.UNAVAILABLE,
                    original.target() + " no longer exists"));
        } catch (RejectedException e) {
            return new AppliedChange(original.router(), original.setting(), original.target(), original.value(),
                    null, null, "none", Reconciler.FAILED, "cannot revert: " + e.rejection());
        } catch (RuntimeException e) {
            return new AppliedChange(original.router(), original.setting(), original.target(), original.value(),
                    null, null, "none", Reconciler.FAILED, "cannot revert: " + Reconciler.message(e));
        }
        String current;
        try {
            current = knob.read();
        } catch (KnobException | RuntimeException e) {
            return new AppliedChange(original.router(), original.setting(), original.target(), original.value(),
                    null, null, knob.method(), Reconciler.FAILED, "cannot read: " + Reconciler.message(e));
        }
        Reconciler.Step step = new Reconciler.Step(original.router(), original.setting(), original.iface(), knob,
                original.value(), current, original.value());
        if (current.equals(original.value())) {
            core.originals().forget(original);
            return Reconciler.change(step, current, "none", Reconciler.NOOP, "already the original value");
        }
        if (mode != Mode.ENFORCE) {
            return Reconciler.change(step, current, "none", Reconciler.WOULD_CHANGE, mode.wireName()
                    + ": would restore " + original.value());
        }
        AppliedChange result = reconciler.writeAndVerify(step);
        if (Reconciler.CHANGED.equals(result.outcome())) {
            core.originals().forget(original);
        }
        return result;
    }

    private Optional<Knob> find(DiscoveredVr vr, Original original) {
        return core.knobs().knobs(vr, original.setting(), original.iface()).stream()
                .filter(k -> k.target().equals(original.target())).findFirst();
    }
}
