package io.vrguard.enforcer.core;

/** A read or write the kernel (or libvirt/systemd) refused; the message carries its error. */
public class KnobException extends Exception {
    public KnobException(String message) {
        super(message);
    }

    public KnobException(String message, Throwable cause) {
        super(message, cause);
    }
}
