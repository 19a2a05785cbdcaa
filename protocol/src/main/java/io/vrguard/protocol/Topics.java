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
    /**
     * The analyzers' changelog of open violations, compacted: key = violation key ({@code host/victim}, plus
     * {@code #stale} for staleness), value = its last {@link ViolationEvent}, tombstone = resolved. Lets an
     * instance that takes a host over continue its open violations under their ids.
     */
    public static final String OPEN_VIOLATIONS = "vrguard.violations.open";
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
