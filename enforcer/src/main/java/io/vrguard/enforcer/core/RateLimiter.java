package io.vrguard.enforcer.core;

import io.vrguard.enforcer.core.LimitHistory.Stamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-VR rate limit (at most N apply commands per window) and cooldown (no apply command for a while after one
 * changed the VR). Kept in a {@link LimitHistory} (a state file in production), so a restart neither resets the
 * count nor ends a cooldown early. Stamps of the command being checked are ignored: a command re-run after a crash
 * is the same command, not a second one.
 */
public final class RateLimiter {
    private final Limits limits;
    private final Clock clock;
    private final LimitHistory history;
    private final Map<String, Deque<Stamp>> admitted = new HashMap<>();
    private final Map<String, Stamp> lastChanged = new HashMap<>();

    public RateLimiter(Limits limits, Clock clock) {
        this(limits, clock, LimitHistory.NONE);
    }

    public RateLimiter(Limits limits, Clock clock, LimitHistory history) {
        this.limits = limits;
        this.clock = clock;
        this.history = history;
        LimitHistory.State state = history.load();
        state.admitted().forEach((vr, stamps) -> admitted.put(vr, new ArrayDeque<>(stamps)));
        lastChanged.putAll(state.changed());
    }

    public synchronized void check(String router, String commandId) {
        Instant now = clock.instant();
        Stamp changed = lastChanged.get(router);
        if (changed != null && !changed.commandId().equals(commandId)
                && now.isBefore(changed.at().plus(limits.cooldown()))) {
            throw new RejectedException(Rejection.COOLDOWN, router + " was changed at " + changed.at()
                    + "; cooldown of " + limits.cooldown() + " not over");
        }
        long others = prune(router, now).stream().filter(s -> !s.commandId().equals(commandId)).count();
        if (others >= limits.maxCommands()) {
            throw new RejectedException(Rejection.RATE_LIMITED, router + " had " + others
                    + " commands within " + limits.rateWindow() + " (limit " + limits.maxCommands() + ")");
        }
    }

    public synchronized void admitted(String router, String commandId) {
        Deque<Stamp> times = prune(router, clock.instant());
        if (times.stream().noneMatch(s -> s.commandId().equals(commandId))) {
            times.addLast(new Stamp(clock.instant(), commandId));
            save();
        }
    }

    public synchronized void changed(String router, String commandId) {
        lastChanged.put(router, new Stamp(clock.instant(), commandId));
        save();
    }

    private Deque<Stamp> prune(String router, Instant now) {
        Deque<Stamp> times = admitted.computeIfAbsent(router, r -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().at().isAfter(now.minus(limits.rateWindow()))) {
            times.removeFirst();
        }
        return times;
    }

    /** Writes what still matters: stamps within the window, changes within the cooldown. */
    private void save() {
        Instant now = clock.instant();
        Map<String, List<Stamp>> keepAdmitted = new HashMap<>();
        admitted.forEach((vr, stamps) -> {
            List<Stamp> live = new ArrayList<>(stamps.stream()
                    .filter(s -> s.at().isAfter(now.minus(limits.rateWindow()))).toList());
            if (!live.isEmpty()) {
                keepAdmitted.put(vr, live);
            }
        });
        Map<String, Stamp> keepChanged = new HashMap<>();
        lastChanged.forEach((vr, s) -> {
            if (now.isBefore(s.at().plus(limits.cooldown()))) {
                keepChanged.put(vr, s);
            }
        });
        history.save(new LimitHistory.State(keepAdmitted, keepChanged));
    }
}
