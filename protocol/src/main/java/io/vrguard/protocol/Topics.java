package io.vrguard.protocol;

/** Kafka topic names. Published names never change; docs/wire-schema.md documents each topic's key and value. */
public final class Topics {
    /** {@link HostSample}, key = host id. */
    public static final String SAMPLES = "vrguard.samples";
    /** {@link SignedCommand}, key = host id. */
    public static final String COMMANDS = "vrguard.commands";
    /** {@link ActionResult}, key = host id. */
    public static final String ACTIONS = "vrguard.actions";
    /** {@link ViolationEvent}, key = host id. */
    public static final String VIOLATIONS = "vrguard.violations";
    /** SLA policies, compacted, key = policy scope. */
    public static final String SLAS = "vrguard.slas";

    private static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    /** Where records of {@code topic} that cannot be decoded go, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
