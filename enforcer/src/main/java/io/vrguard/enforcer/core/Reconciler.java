package io.vrguard.enforcer.core;

import io.vrguard.enforcer.core.OriginalValues.Original;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.Setting;
import java.util.List;

/**
 * Desired vs current for one knob: read, write only on difference, read back. Never throws for what one knob does:
 * a kernel error, and equally an unexpected exception of the knob's own code, is that change's {@code failed}
 * outcome with the message, so one bad command can never stop the loop behind it.
 */
public final class Reconciler {
    public static final String NOOP = "noop";
    public static final String CHANGED = "changed";
    public static final String WOULD_CHANGE = "would_change";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";

    private final OriginalValues originals;

    public Reconciler(OriginalValues originals) {
        this.originals = originals;
    }

    /** A knob with its current value and the value wanted there. */
    public record Step(String router, Setting setting, String iface, Knob knob, String requested, String current,
            String desired) {
    }

    public AppliedChange reconcile(Step step, Mode mode) {
        if (step.current().equals(step.desired())) {
            String effective = effective(step.knob());
            return change(step, step.current(), "none", NOOP, "the kernel already holds it", effective, effective);
        }
        if (mode != Mode.ENFORCE) {
            return change(step, step.current(), "none", WOULD_CHANGE, mode.wireName() + ": would write "
                    + step.desired() + " by " + step.knob().method(), effective(step.knob()), null);
        }
        originals.rememberIfAbsent(new Original(step.router(), step.setting(), step.iface(),
                step.knob().target(), step.current()));
        return writeAndVerify(step);
    }

    /** Writes {@code step.desired()} regardless of mode checks done by the caller; used by revert too. */
    public AppliedChange writeAndVerify(Step step) {
        Knob knob = step.knob();
        String effectiveBefore = effective(knob);
        try {
            knob.write(step.desired());
        } catch (KnobException | RuntimeException e) {
            return change(step, readQuietly(knob, step.current()), knob.method(), FAILED, message(e),
                    effectiveBefore, effective(knob));
        }
        String after;
        try {
            after = knob.read();
        } catch (KnobException | RuntimeException e) {
            return change(step, null, knob.method(), FAILED, "written, but read-back failed: " + message(e),
                    effectiveBefore, effective(knob));
        }
        String extra = afterWriteDetail(knob);
        String effectiveAfter = effective(knob);
        if (!after.equals(step.desired())) {
            return change(step, after, knob.method(), FAILED, "wrote " + step.desired() + " but the kernel holds "
                    + after + (extra == null ? "" : "; " + extra), effectiveBefore, effectiveAfter);
        }
        return change(step, after, knob.method(), CHANGED, extra, effectiveBefore, effectiveAfter);
    }

    public static AppliedChange change(Step step, String after, String method, String outcome, String detail) {
        return change(step, after, method, outcome, detail, null, null);
    }

    static AppliedChange change(Step step, String after, String method, String outcome, String detail,
            String effectiveBefore, String effectiveAfter) {
        return new AppliedChange(step.router(), step.setting(), step.knob().target(), step.requested(),
                step.current(), after, method, outcome, detail, effectiveBefore, effectiveAfter);
    }

    public static boolean anyFailed(List<AppliedChange> changes) {
        return changes.stream().anyMatch(c -> FAILED.equals(c.outcome()));
    }

    /** A kernel error says what the kernel said; anything else is a fault of ours and says what it was. */
    static String message(Exception e) {
        return e instanceof KnobException ? e.getMessage() : "unexpected " + e;
    }

    private static String readQuietly(Knob knob, String fallback) {
        try {
            return knob.read();
        } catch (KnobException | RuntimeException e) {
            return fallback;
        }
    }

    private static String effective(Knob knob) {
        try {
            return knob.effective();
        } catch (RuntimeException e) {
            return null; // a report, never a reason to fail a change
        }
    }

    private static String afterWriteDetail(Knob knob) {
        try {
            return knob.afterWriteDetail();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
