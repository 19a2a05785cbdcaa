package io.vrguard.protocol;

/**
 * A command that must not be applied, with a stable machine-readable code (e.g. {@code bad_signature},
 * {@code unknown_key}, {@code expired}, {@code replayed}, {@code wrong_host}) and a message for people.
 */
public class CommandRejected extends RuntimeException {
    private final String code;

    public CommandRejected(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
