package io.vrguard.enforcer.store;

import io.vrguard.enforcer.core.LimitHistory;
import java.nio.file.Path;

/**
 * The rate limiter's stamps in {@code STATE_DIR/limits.json}, beside the originals, rewritten atomically on every
 * admitted or changing command (a few per VR per window at most).
 */
public final class FileLimitHistory implements LimitHistory {
    private final JsonStateFile<State> file;

    public FileLimitHistory(Path stateDir) {
        this.file = new JsonStateFile<>(stateDir.resolve("limits.json"), State.class);
    }

    @Override
    public State load() {
        State state = file.read();
        return state == null ? State.EMPTY : state;
    }

    @Override
    public void save(State state) {
        file.write(state);
    }
}
