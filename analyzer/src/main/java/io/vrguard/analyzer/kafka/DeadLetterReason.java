package io.vrguard.analyzer.kafka;

import java.util.Locale;

/**
 * Why a record went to its dead-letter topic, as the {@code reason} tag of the dead-letter metrics. Derived from
 * the decoder's message (protocol's {@code WireJson} words its refusals plainly), so the decoder stays as it is.
 */
public enum DeadLetterReason {
    EMPTY,
    OVERSIZED,
    UNSUPPORTED_VERSION,
    TRUNCATED,
    MALFORMED,
    INVALID,
    INFLUX_REJECTED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason a decoding failure's message gives. */
    public static DeadLetterReason of(String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("empty record") || m.startsWith("null record")) {
            return EMPTY;
        }
        if (m.contains("exceeds the limit")) {
            return OVERSIZED;
        }
        if (m.contains("schema version")) {
            return UNSUPPORTED_VERSION;
        }
        if (m.contains("end-of-input")) {
            return TRUNCATED;
        }
        return MALFORMED;
    }
}
