package io.vrguard.enforcer.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the rate limiter keeps what it has admitted and changed, so a restart does not reset the rate limit or
 * cut a cooldown short. Each stamp names the command that made it, so a command re-run after a crash is not held
 * back by its own first attempt.
 */
public interface LimitHistory {
    /** Keeps nothing: a restart starts afresh (unit tests). */
    LimitHistory NONE = new LimitHistory() {
        @Override
        public State load() {
            return State.EMPTY;
        }

        @Override
        public void save(State state) {
            // nothing kept
        }
    };

    State load();

    void save(State state);

    record Stamp(Instant at, String commandId) {
    }

    /**
     * @param admitted per VR, the apply commands admitted within the rate window, oldest first
     * @param changed  per VR, the last command that changed it
     */
    record State(Map<String, List<Stamp>> admitted, Map<String, Stamp> changed) {
        public static final State EMPTY = new State(Map.of(), Map.of());

        public State {
            admitted = admitted == null ? Map.of() : Map.copyOf(admitted);
            changed = changed == null ? Map.of() : Map.copyOf(changed);
        }
    }
}
