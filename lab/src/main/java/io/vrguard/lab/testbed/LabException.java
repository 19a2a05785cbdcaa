package io.vrguard.lab.testbed;

/** The testbed could not be built or driven; the message says which step and what the kernel or tool said. */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
