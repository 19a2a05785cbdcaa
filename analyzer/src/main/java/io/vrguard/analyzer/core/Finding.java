package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.util.List;
import java.util.Map;

/**
 * What one rule saw in one window. A finding is a candidate: the {@link ViolationTracker} turns findings into
 * violations with ids, hysteresis and events.
 *
 * @param victim  the VR short of its SLA (for a stale host: null)
 * @param figures the numbers that led to it
 */
public record Finding(
        ViolationType type,
        String host,
        String victim,
        List<String> aggressors,
        List<Integer> cpus,
        VrKind path,
        String explanation,
        Map<String, Double> figures) {

    public Finding {
        aggressors = aggressors == null ? List.of() : List.copyOf(aggressors);
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
        figures = figures == null ? Map.of() : Map.copyOf(figures);
    }

    /** Violations are tracked per host and VR: a breach that turns from isolation to overcommit stays one. */
    public String key() {
        return host + "/" + (victim == null ? "" : victim) + (type == ViolationType.STALE ? "#stale" : "");
    }
}
