package io.vrguard.lab.run;

import io.vrguard.lab.report.IntervalRow;
import io.vrguard.lab.report.Received;
import io.vrguard.protocol.ViolationEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VR's state for the live line: what vrguard says (victim or aggressor of an open violation, from the events read
 * so far), else what the lab measures (below its guarantee, or ok). Pure.
 */
public final class VrStates {
    private VrStates() {
    }

    public static String of(IntervalRow row, List<Received<ViolationEvent>> events, double tolerance) {
        Map<String, ViolationEvent> open = new LinkedHashMap<>();
        for (Received<ViolationEvent> r : events) {
            if (ViolationEvent.RESOLVED.equals(r.value().event())) {
                open.remove(r.value().id());
            } else {
                open.put(r.value().id(), r.value());
            }
        }
        for (ViolationEvent e : open.values()) {
            if (row.router().equals(e.victim())) {
                return "VICTIM " + e.type().wireName();
            }
        }
        for (ViolationEvent e : open.values()) {
            if (e.aggressors().contains(row.router())) {
                return "aggressor (of " + e.victim() + ")";
            }
        }
        return row.below(tolerance) ? "below guarantee" : "ok";
    }
}
