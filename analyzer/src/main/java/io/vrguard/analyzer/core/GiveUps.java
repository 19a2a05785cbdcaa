package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remedies given up on, per violation and cause (its aggressors and contended CPUs). Giving up holds only while
 * the situation it was judged in lasts: planning re-arms when the violation turns back into an isolation
 * violation after being something else (say overcommit during a load dip), when its cause changes (a different
 * aggressor or CPUs), or after {@code rearmIntervals} intervals of the host (0: never by time).
 */
final class GiveUps {
    private record GaveUp(String host, String cause, Instant at, long interval, boolean leftIsolation,
            String reason) {
    }

    /** Whether planning may go on for a violation, and why (null when there is nothing to say). */
    record Verdict(boolean mayPlan, String why) {
    }

    private final int rearmIntervals;
    private final Map<String, GaveUp> byViolation = new HashMap<>();
    private final Map<String, Long> intervals = new HashMap<>();

    GiveUps(int rearmIntervals) {
        this.rearmIntervals = rearmIntervals;
    }

    /** The attribution a remedy was planned for: the same violation with another cause gets another try. */
    static String cause(Finding f) {
        return "aggressors " + f.aggressors().stream().sorted().toList() + " on CPUs " + f.cpus();
    }

    void gaveUp(ViolationTracker.Open o, Instant at, String reason) {
        Finding f = o.finding();
        byViolation.put(o.id(), new GaveUp(f.host(), cause(f), at, intervals.getOrDefault(f.host(), 0L),
                f.type() != ViolationType.ISOLATION_VIOLATION, reason));
    }

    /** One evaluated interval of {@code host}: counts towards re-arming and notes violations that changed type. */
    void interval(String host, List<ViolationTracker.Open> open) {
        intervals.merge(host, 1L, Long::sum);
        Map<String, ViolationTracker.Open> byId = new HashMap<>();
        open.forEach(o -> byId.put(o.id(), o));
        byViolation.entrySet().removeIf(e -> e.getValue().host().equals(host) && !byId.containsKey(e.getKey()));
        byViolation.replaceAll((id, g) -> g.host().equals(host) && !g.leftIsolation()
                && byId.get(id).finding().type() != ViolationType.ISOLATION_VIOLATION
                        ? new GaveUp(g.host(), g.cause(), g.at(), g.interval(), true, g.reason())
                        : g);
    }

    /** Empty when nothing was given up for the violation; else whether it has re-armed, and why. */
    Optional<Verdict> verdict(ViolationTracker.Open o) {
        GaveUp g = byViolation.get(o.id());
        if (g == null) {
            return Optional.empty();
        }
        Finding f = o.finding();
        long since = intervals.getOrDefault(g.host(), 0L) - g.interval();
        String gave = "gave up at " + g.at() + " on " + g.cause() + " (" + g.reason() + ")";
        if (f.type() != ViolationType.ISOLATION_VIOLATION) {
            return Optional.of(new Verdict(false, "remedy not attempted: " + f.type().wireName()
                    + " is not remedied by isolation levers; " + gave));
        }
        if (g.leftIsolation()) {
            return Optional.of(new Verdict(true, "remedy re-armed: the violation is an isolation violation again"
                    + " since it " + gave));
        }
        if (!g.cause().equals(cause(f))) {
            return Optional.of(new Verdict(true, "remedy re-armed: the cause is now " + cause(f) + "; " + gave));
        }
        if (rearmIntervals > 0 && since >= rearmIntervals) {
            return Optional.of(new Verdict(true, "remedy re-armed after " + since + " intervals; " + gave));
        }
        return Optional.of(new Verdict(false, "remedy not attempted: " + gave + "; re-arms when the violation"
                + " turns into another type and back, its cause changes"
                + (rearmIntervals > 0 ? ", or in " + (rearmIntervals - since) + " intervals" : "")));
    }

    /** A remedy was issued again: the give-up is over. */
    void cleared(String violationId) {
        byViolation.remove(violationId);
    }

    /** Violations given up on that have re-armed by now (candidates for planning without a new event). */
    List<String> rearmed(List<ViolationTracker.Open> open) {
        return open.stream().filter(o -> verdict(o).map(Verdict::mayPlan).orElse(false))
                .map(ViolationTracker.Open::id).toList();
    }

    void forget(String host) {
        byViolation.values().removeIf(g -> g.host().equals(host));
        intervals.remove(host);
    }
}
