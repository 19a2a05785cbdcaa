package io.vrguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The outcome of one command; every command gets exactly one result. */
public enum ActionStatus {
    /** Written and read back (or already held: every change a no-op). */
    APPLIED,
    /** Not applied: signature, host, expiry, replay, scope, bounds, rate limit, stop or mode; see the reason. */
    REJECTED,
    /** The kernel refused a write; see the reason. Changes made before the failure are listed. */
    FAILED,
    /** The values held before the first change were restored. */
    REVERTED,
    /** Mode dry-run or observe: what would be written, with the current values; nothing was written. */
    DRY_RUN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ActionStatus fromWire(String value) {
        for (ActionStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown action status '" + value + "'");
    }
}
