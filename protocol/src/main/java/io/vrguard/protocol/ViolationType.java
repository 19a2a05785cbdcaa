package io.vrguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the analyzer found. */
public enum ViolationType {
    /** Delivered below the guarantee with headroom on its CPUs: cause unknown, not a neighbour's fault. */
    SLA_BREACH,
    /** Starved by a neighbour on shared, saturated CPUs. */
    ISOLATION_VIOLATION,
    /** Breach on saturated CPUs where no neighbour exceeds its guarantee: the guarantees do not fit. */
    OVERCOMMIT,
    /** Samples stopped arriving: no data is not good news. */
    STALE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ViolationType fromWire(String value) {
        for (ViolationType t : values()) {
            if (t.wireName().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown violation type '" + value + "'");
    }
}
