package io.vrguard.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A violation opening, changing or ending, on {@link Topics#VIOLATIONS} with key = host id.
 *
 * @param id          stable for the violation's whole life
 * @param event       {@code opened}, {@code updated} or {@code resolved}
 * @param victim      the VR that is short of its SLA (for stale: the VR, or null for the whole host)
 * @param aggressors  neighbours taking the contended CPUs (isolation violations only)
 * @param cpus        the contended CPUs
 * @param path        forwarding path of the victim: kvm (user space) or lxc (shared kernel)
 * @param figures     the numbers that led to it, e.g. victim.deliveredKpps, cpu0.busyPercent
 */
public record ViolationEvent(
        int schema,
        String id,
        String event,
        ViolationType type,
        String host,
        String victim,
        List<String> aggressors,
        List<Integer> cpus,
        VrKind path,
        String explanation,
        Instant startedAt,
        Instant at,
        Map<String, Double> figures) implements Versioned {

    public static final String OPENED = "opened";
    public static final String UPDATED = "updated";
    public static final String RESOLVED = "resolved";

    public ViolationEvent {
        aggressors = aggressors == null ? List.of() : List.copyOf(aggressors);
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
        figures = figures == null ? Map.of() : Map.copyOf(figures);
    }
}
