package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.WireSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns findings into violations with a stable id, a start, updates and an end. Entry hysteresis is the rules'
 * k-of-n; exit needs {@code clearIntervals} consecutive evaluations without the finding.
 */
public final class ViolationTracker {
    /**
     * An open violation. {@code restored}: taken over from another instance's last event and not yet confirmed
     * by this instance's own evaluation.
     */
    public record Open(String id, String group, Finding finding, Instant startedAt, int clearEvaluations,
            boolean restored) {
        Open(String id, String group, Finding finding, Instant startedAt, int clearEvaluations) {
            this(id, group, finding, startedAt, clearEvaluations, false);
        }
    }

    private final int clearIntervals;
    private final Map<String, Open> open = new LinkedHashMap<>();
    // the keys open per group, so an evaluation looks at its own group's violations, not the fleet's
    private final Map<String, Set<String>> keysByGroup = new HashMap<>();
    private final Map<String, String> keyById = new HashMap<>();

    public ViolationTracker(int clearIntervals) {
        this.clearIntervals = clearIntervals;
    }

    /**
     * One evaluation of {@code group} (a host's rules, or a host's liveness) at {@code at}: every finding of
     * that group, complete. Open violations of the group missing from it count towards resolution.
     */
    public List<ViolationEvent> update(String group, List<Finding> findings, Instant at, int clearAfter) {
        if (findings.isEmpty() && !keysByGroup.containsKey(group)) {
            return List.of();
        }
        List<ViolationEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Finding f : findings) {
            seen.add(f.key());
            Open before = open.get(f.key());
            if (before == null) {
                Open o = new Open(idFor(f, at), group, f, at, 0);
                put(o);
                events.add(event(o, ViolationEvent.OPENED, f, at));
            } else {
                put(new Open(before.id(), group, f, before.startedAt(), 0));
                // a taken-over violation is confirmed once, with this instance's figures, under its old id
                if (before.restored() || changed(before.finding(), f)) {
                    events.add(event(before, ViolationEvent.UPDATED, f, at));
                }
            }
        }
        for (String key : List.copyOf(keysByGroup.getOrDefault(group, Set.of()))) {
            Open o = open.get(key);
            if (seen.contains(key)) {
                continue;
            }
            int clear = o.clearEvaluations() + 1;
            if (clear >= clearAfter) {
                remove(key);
                events.add(event(o, ViolationEvent.RESOLVED, o.finding(), at));
            } else {
                put(new Open(o.id(), o.group(), o.finding(), o.startedAt(), clear, o.restored()));
            }
        }
        return events;
    }

    private void put(Open o) {
        String key = o.finding().key();
        Open before = open.put(key, o);
        if (before != null && !before.group().equals(o.group())) {
            unindex(before.group(), key);
        }
        if (before != null && !before.id().equals(o.id())) {
            keyById.remove(before.id());
        }
        keyById.put(o.id(), key);
        keysByGroup.computeIfAbsent(o.group(), g -> new LinkedHashSet<>()).add(key);
    }

    private void remove(String key) {
        Open o = open.remove(key);
        if (o != null) {
            unindex(o.group(), key);
            keyById.remove(o.id());
        }
    }

    private void unindex(String group, String key) {
        Set<String> keys = keysByGroup.get(group);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            keysByGroup.remove(group);
        }
    }

    public List<ViolationEvent> update(String group, List<Finding> findings, Instant at) {
        return update(group, findings, at, clearIntervals);
    }

    public Optional<Open> open(String key) {
        return Optional.ofNullable(open.get(key));
    }

    public Optional<Open> byId(String id) {
        String key = keyById.get(id);
        return key == null ? Optional.empty() : Optional.ofNullable(open.get(key));
    }

    public List<Open> all() {
        return List.copyOf(open.values());
    }

    /**
     * The host's open violations (its rules' and its liveness'), from the per-group index: called for every
     * sample, so it must not scan the fleet's violations.
     */
    public List<Open> ofHost(String host) {
        Set<String> rules = keysByGroup.getOrDefault(host, Set.of());
        Set<String> liveness = keysByGroup.getOrDefault(FleetAnalysis.hostGroup(host), Set.of());
        if (rules.isEmpty() && liveness.isEmpty()) {
            return List.of();
        }
        List<Open> result = new ArrayList<>(rules.size() + liveness.size());
        for (Set<String> keys : List.of(rules, liveness)) {
            for (String key : keys) {
                Open o = open.get(key);
                if (o != null && host.equals(o.finding().host())) {
                    result.add(o);
                }
            }
        }
        return result;
    }

    /** Forgets a host's violations without events (its partition moved to another instance). */
    public void forget(String host) {
        ofHost(host).forEach(o -> remove(o.finding().key()));
    }

    /**
     * Takes over a violation another instance opened (its last event, from the open-violations changelog), so
     * it goes on under the same id and start: confirmed by the next evaluation that finds it, resolved by
     * {@code clearIntervals} that do not. Ignored when resolved or when this instance already tracks the key.
     */
    public boolean restore(ViolationEvent last) {
        if (ViolationEvent.RESOLVED.equals(last.event()) || open.containsKey(keyOf(last))) {
            return false;
        }
        Finding f = new Finding(last.type(), last.host(), last.victim(), last.aggressors(), last.cpus(),
                last.path(), last.explanation(), last.figures());
        String group = last.type() == ViolationType.STALE && last.victim() == null
                ? FleetAnalysis.hostGroup(last.host()) : last.host();
        put(new Open(last.id(), group, f, last.startedAt(), 0, true));
        return true;
    }

    /** The tracking key of an event's violation: the same as its finding's {@link Finding#key()}. */
    public static String keyOf(ViolationEvent e) {
        return new Finding(e.type(), e.host(), e.victim(), List.of(), List.of(), e.path(), "", Map.of()).key();
    }

    private static boolean changed(Finding a, Finding b) {
        return a.type() != b.type() || !a.aggressors().equals(b.aggressors()) || !a.cpus().equals(b.cpus());
    }

    /** Derived from host, VR, kind of finding and start, so every instance that saw the same samples agrees. */
    static String idFor(Finding f, Instant at) {
        String name = f.key() + "@" + at;
        return "v-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static ViolationEvent event(Open o, String kind, Finding f, Instant at) {
        String explanation = ViolationEvent.RESOLVED.equals(kind)
                ? "resolved after " + (at.getEpochSecond() - o.startedAt().getEpochSecond()) + " s: " + f.explanation()
                : f.explanation();
        return new ViolationEvent(WireSchema.VIOLATION_EVENT, o.id(), kind, f.type(), f.host(), f.victim(),
                f.aggressors(), f.cpus(), f.path(), explanation, o.startedAt(), at, f.figures());
    }
}
