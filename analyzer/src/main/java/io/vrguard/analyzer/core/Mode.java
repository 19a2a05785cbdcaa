package io.vrguard.analyzer.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the analyzer does about a VR's violations: nothing, publish the plan only, or have it applied. */
public enum Mode {
    OFF, ADVISE, AUTO;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Mode fromWire(String value) {
        for (Mode m : values()) {
            if (m.wireName().equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "' (expected off, advise or auto)");
    }
}
