package io.vrguard.enforcer.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-VR rate limit (at most N apply commands per window) and cooldown (no apply command for a while after one
 * changed the VR). In memory: a restart starts afresh, which errs on the side of the cooldown the restart took.
 */
public final class RateLimiter {
    private final Limits limits;
    private final Clock clock;
    private final Map<String, Deque<Instant>> admitted = new HashMap<>();
    private final Map<String, Instant> lastChanged = new HashMap<>();

    public RateLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public synchronized void check(String router) {
        Instant now = clock.instant();
        Instant changed = lastChanged.get(router);
        if (changed != null && now.isBefore(changed.plus(limits.cooldown()))) {
            throw new RejectedException(Rejection.COOLDOWN, router + " was changed at " + changed
                    + "; cooldown of " + limits.cooldown() + " not over");
        }
        Deque<Instant> times = prune(router, now);
        if (times.size() >= limits.maxCommands()) {
            throw new RejectedException(Rejection.RATE_LIMITED, router + " had " + times.size()
                    + " commands within " + limits.rateWindow() + " (limit " + limits.maxCommands() + ")");
        }
    }

    public synchronized void admitted(String router) {
        prune(router, clock.instant()).addLast(clock.instant());
    }

    public synchronized void changed(String router) {
        lastChanged.put(router, clock.instant());
    }

    private Deque<Instant> prune(String router, Instant now) {
        Deque<Instant> times = admitted.computeIfAbsent(router, r -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(limits.rateWindow()))) {
            times.removeFirst();
        }
        return times;
    }
}
