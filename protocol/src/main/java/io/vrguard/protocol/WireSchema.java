package io.vrguard.protocol;

/**
 * Wire schema versions. A reader accepts every version up to the one it was built with; fields are only ever
 * added (unknown fields are ignored), so a bump is needed only when a field changes meaning or is removed.
 */
public final class WireSchema {
    public static final int HOST_SAMPLE = 1;
    public static final int COMMAND = 1;
    public static final int ACTION_RESULT = 1;
    public static final int VIOLATION_EVENT = 1;

    private WireSchema() {
    }
}
