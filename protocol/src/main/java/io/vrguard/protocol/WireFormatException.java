package io.vrguard.protocol;

/** A record that cannot be read: malformed, truncated, oversized or of an unsupported schema version. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
