package io.vrguard.analyzer.influx;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.AppliedChange;

/**
 * The annotation text of one change of an enforcer result: what the knob held, what it holds (or would, or was
 * asked to), the result's status, the change's outcome where it says more, how it was written and the enforcer's
 * detail, e.g. {@code cpu.shares 1024 -> 3060 (applied, cgroupfs)} or
 * {@code cpu.shares 1024 -> 2048 (dry_run, would_change): dry-run: would write 2048 by cgroupfs}.
 */
final class ChangeText {
    static final String CHANGED = "changed";
    static final String WOULD_CHANGE = "would_change";
    static final String REJECTED = "rejected";
    private static final String UNKNOWN = "?";

    private ChangeText() {
    }

    /** The knob written (cpu.shares, eth0/rx-0/rps_cpus, eth0/irq 33), or the setting when none was reached. */
    static String knob(AppliedChange c) {
        return c.target() != null && !c.target().isBlank() ? c.target() : c.setting().wireName();
    }

    static String of(ActionResult r, AppliedChange c) {
        String status = r.status().wireName();
        StringBuilder b = new StringBuilder(96).append(knob(c)).append(' ').append(or(c.before())).append(" -> ")
                .append(or(to(c))).append(" (").append(status);
        if (c.outcome() != null && !CHANGED.equals(c.outcome()) && !status.equals(c.outcome())) {
            b.append(", ").append(c.outcome());
        }
        if (c.method() != null && !"none".equals(c.method())) {
            b.append(", ").append(c.method());
        }
        b.append(')');
        if (c.detail() != null && !c.detail().isBlank()) {
            b.append(": ").append(c.detail());
        }
        return b.toString();
    }

    /** Nothing was written for a change that would be made or was refused: its "to" is what was asked for. */
    private static String to(AppliedChange c) {
        boolean notWritten = WOULD_CHANGE.equals(c.outcome()) || REJECTED.equals(c.outcome());
        return notWritten || c.after() == null ? c.requested() : c.after();
    }

    private static String or(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }
}
