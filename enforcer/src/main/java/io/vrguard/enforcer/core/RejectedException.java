package io.vrguard.enforcer.core;

/** Thrown inside the core when a check fails; carries its {@link Rejection}. */
public class RejectedException extends RuntimeException {
    private final Rejection rejection;

    public RejectedException(String code, String message) {
        super(message);
        this.rejection = Rejection.of(code, message);
    }

    public Rejection rejection() {
        return rejection;
    }
}
