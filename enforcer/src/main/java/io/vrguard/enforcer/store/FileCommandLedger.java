package io.vrguard.enforcer.store;

import io.vrguard.enforcer.core.CommandLedger;
import io.vrguard.protocol.ActionResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seen command ids in {@code STATE_DIR/commands.json}. Entries are dropped a day after their command expired: by
 * then admission refuses the command as expired anyway, so forgetting it cannot let a replay through.
 */
public final class FileCommandLedger implements CommandLedger {
    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final JsonStateFile<Stored> file;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    record Stored(List<Entry> commands) {
    }

    public FileCommandLedger(Path stateDir, Clock clock) {
        this.file = new JsonStateFile<>(stateDir.resolve("commands.json"), Stored.class);
        this.clock = clock;
        Stored stored = file.read();
        if (stored != null && stored.commands() != null) {
            stored.commands().forEach(e -> entries.put(e.id(), e));
        }
    }

    @Override
    public synchronized Optional<Entry> find(String commandId) {
        return Optional.ofNullable(entries.get(commandId));
    }

    @Override
    public synchronized void begin(String commandId, Instant expiresAt, String origin) {
        entries.put(commandId, new Entry(commandId, expiresAt, origin, null, false));
        save();
    }

    @Override
    public synchronized void finish(String commandId, ActionResult result) {
        Entry e = entries.get(commandId);
        if (e != null) {
            entries.put(commandId, new Entry(e.id(), e.expiresAt(), e.origin(), result, e.published()));
            save();
        }
    }

    @Override
    public synchronized void published(String commandId) {
        Entry e = entries.get(commandId);
        if (e != null && !e.published()) {
            entries.put(commandId, new Entry(e.id(), e.expiresAt(), e.origin(), e.result(), true));
            save();
        }
    }

    private void save() {
        Instant horizon = clock.instant().minus(KEEP_AFTER_EXPIRY);
        entries.values().removeIf(e -> e.expiresAt() != null && e.expiresAt().isBefore(horizon));
        file.write(new Stored(new ArrayList<>(entries.values())));
    }
}
