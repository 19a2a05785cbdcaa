package io.vrguard.enforcer.core;

/**
 * Why a command or one change is not applied: a stable code for machines and metrics (bounded set, used as a
 * metric tag) and a message for people.
 */
public record Rejection(String code, String message) {
    public static final String UNSIGNED = "unsigned";
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String BAD_SIGNATURE = "bad_signature";
    public static final String MALFORMED = "malformed";
    public static final String OVERSIZED = "oversized";
    public static final String WRONG_HOST = "wrong_host";
    /** A command addressed to the whole fleet ({@code *}) that is not a stop or a resume. */
    public static final String FLEET_COMMAND_TYPE = "fleet_command_type";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not_yet_valid";
    /** Shared with consumers of results ({@link io.vrguard.protocol.ResultReasons}): a duplicate, not a verdict. */
    public static final String REPLAYED = io.vrguard.protocol.ResultReasons.REPLAYED;
    public static final String STOPPED = "stopped";
    public static final String INVALID_ROUTER = "invalid_router";
    public static final String UNKNOWN_ROUTER = "unknown_router";
    public static final String UNKNOWN_INTERFACE = "unknown_interface";
    public static final String BAD_VALUE = "bad_value";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String POLICY_BOUNDS = "policy_bounds";
    public static final String MISSING_BOUNDS = "missing_bounds";
    public static final String QUOTA_NOT_ALLOWED = "quota_not_allowed";
    public static final String STEP_TOO_LARGE = "step_too_large";
    public static final String QUOTA_TOO_LOW = "quota_too_low";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String COOLDOWN = "cooldown";
    public static final String UNAVAILABLE = "unavailable";
    public static final String IRQ_UNMOVABLE = "irq_unmovable";
    public static final String NO_CHANGES = "no_changes";

    public static Rejection of(String code, String message) {
        return new Rejection(code, message);
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
