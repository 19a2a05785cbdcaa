package io.vrguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a command asks of the enforcer. */
public enum CommandType {
    /** Apply the command's changes. */
    APPLY,
    /** Restore the values held before the first change (all VRs named in the changes, or all if none). */
    REVERT,
    /** Fleet-wide stop: halt all writes until {@link #RESUME}. */
    STOP,
    /** Lift a stop. */
    RESUME;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CommandType fromWire(String value) {
        for (CommandType t : values()) {
            if (t.wireName().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown command type '" + value + "'");
    }
}
