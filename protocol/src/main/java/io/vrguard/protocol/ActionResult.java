package io.vrguard.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The enforcer's one result for one command, on {@link Topics#ACTIONS} with key = host id.
 *
 * @param commandId   the command answered (may be null when the command could not even be decoded)
 * @param violationId copied from the command, so the analyzer can verify the remedy
 * @param mode        the enforcer's mode when it handled the command: observe, dry-run or enforce
 * @param reason      why it was rejected or failed; null when applied
 */
public record ActionResult(
        int schema,
        String commandId,
        String host,
        Instant at,
        ActionStatus status,
        String mode,
        String violationId,
        String reason,
        List<AppliedChange> changes) implements Versioned {

    public ActionResult {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
