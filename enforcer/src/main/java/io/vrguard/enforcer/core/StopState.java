package io.vrguard.enforcer.core;

/** Fleet-wide stop: set by a signed stop command (persisted) or by a flag file on the host. */
public interface StopState {
    boolean stoppedByCommand();

    void stoppedByCommand(boolean stopped);

    boolean flagPresent();

    default boolean stopped() {
        return stoppedByCommand() || flagPresent();
    }
}
