package io.vrguard.enforcer.core;

import io.vrguard.protocol.ActionResult;
import java.time.Instant;
import java.util.Optional;

/**
 * The ids of commands seen, persisted so that a restart neither re-applies a command nor answers it twice.
 * {@code origin} identifies where a command was read (topic partition and offset): the same id from the same origin
 * is a redelivery after a crash, from another origin a replay.
 */
public interface CommandLedger {
    Optional<Entry> find(String commandId);

    /** Recorded before anything is written, so a crash mid-command is seen on restart. */
    void begin(String commandId, Instant expiresAt, String origin);

    void finish(String commandId, ActionResult result);

    /** The result was acknowledged by the broker. */
    void published(String commandId);

    record Entry(String id, Instant expiresAt, String origin, ActionResult result, boolean published) {
    }
}
