package io.vrguard.analyzer.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A stop or resume for every enforcer at once: one command addressed to {@value #FLEET}, signed like any command,
 * written to every partition of {@link Topics#COMMANDS} with key {@value #FLEET} (each enforcer reads only the
 * partition its host id maps to, so every partition must carry it), and acknowledged by the broker on all of them
 * before it counts as sent. Each enforcer answers it once on {@link Topics#ACTIONS} under its own host id.
 */
public class FleetCommands {
    private static final Logger LOG = LoggerFactory.getLogger(FleetCommands.class);
    /** The host, and the record key, of a command for every host (docs/wire-schema.md, {@code SignedCommand}). */
    public static final String FLEET = "*";
    /** A reason is for people reading results and logs: one line, kept short, far below the enforcer's 64 KiB. */
    public static final int MAX_REASON_CHARS = 500;
    /** How long the broker has to acknowledge the copies on all partitions together. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, Object> template;
    private final HmacKeyRing keys;
    private final String keyId;
    private final Clock clock;
    private final Duration ttl;
    private final MeterRegistry registry;

    /** @param ttl how long the command stays valid ({@code detection.command-ttl}, as for remedies) */
    public FleetCommands(KafkaTemplate<String, Object> template, HmacKeyRing keys, String keyId, Clock clock,
            Duration ttl, MeterRegistry registry) {
        this.template = template;
        this.keys = keys;
        this.keyId = keyId;
        this.clock = clock;
        this.ttl = ttl;
        this.registry = registry;
    }

    /** What was sent: the command's id and validity, and on how many partitions the broker acknowledged it. */
    public record Sent(String commandId, CommandType type, String reason, Instant expiresAt, int partitionsWritten) {
    }

    /** Not every partition acknowledged the command: the hosts of the others may not have it. */
    public static class NotAcknowledged extends RuntimeException {
        private final String commandId;
        private final int partitionsWritten;
        private final List<Integer> partitionsFailed;

        NotAcknowledged(String commandId, int partitionsWritten, List<Integer> partitionsFailed, String message,
                Throwable cause) {
            super(message, cause);
            this.commandId = commandId;
            this.partitionsWritten = partitionsWritten;
            this.partitionsFailed = List.copyOf(partitionsFailed);
        }

        public String commandId() {
            return commandId;
        }

        public int partitionsWritten() {
            return partitionsWritten;
        }

        /** Partitions whose copy was refused or not acknowledged in time; empty when none could be tried. */
        public List<Integer> partitionsFailed() {
            return partitionsFailed;
        }
    }

    /** The reason, stripped; throws IllegalArgumentException (a 400) when it is missing, blank, long or multi-line. */
    public static String checkedReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a non-blank \"reason\" is required, e.g. {\"reason\": \"maintenance"
                    + " window CHG-1234\"}");
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("\"reason\" has " + stripped.length() + " characters; at most "
                    + MAX_REASON_CHARS);
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("\"reason\" must be one line without control characters");
        }
        return stripped;
    }

    /** The unsigned command: id {@code TYPE-UUID}, host {@value #FLEET}, valid from {@code now} for the TTL. */
    static EnforcementCommand command(CommandType type, String reason, Instant now, Duration ttl) {
        if (type != CommandType.STOP && type != CommandType.RESUME) {
            throw new IllegalArgumentException("only stop and resume may be addressed to the whole fleet, not "
                    + type.wireName());
        }
        return new EnforcementCommand(WireSchema.COMMAND, type.wireName() + "-" + UUID.randomUUID(), FLEET, now,
                now.plus(ttl), type, null, checkedReason(reason), List.of(), Map.of());
    }

    /**
     * Signs one {@code type} command for the whole fleet and writes it to every partition of
     * {@link Topics#COMMANDS}, waiting for the broker's acknowledgements.
     *
     * @param requester who asked (for the log), e.g. the client's address
     * @throws IllegalArgumentException a missing or unusable reason; nothing is sent
     * @throws NotAcknowledged          the topic's partitions could not be listed, or a copy was not acknowledged
     */
    public Sent publish(CommandType type, String reason, String requester) {
        EnforcementCommand command = command(type, reason, clock.instant(), ttl);
        SignedCommand signed = CommandSigning.sign(command, keyId, keys);
        List<PartitionInfo> partitions;
        try {
            partitions = template.partitionsFor(Topics.COMMANDS);
        } catch (RuntimeException e) {
            throw failed(command, 0, List.of(), "cannot list the partitions of " + Topics.COMMANDS + ": " + e, e);
        }
        if (partitions == null || partitions.isEmpty()) {
            throw failed(command, 0, List.of(), "topic " + Topics.COMMANDS + " has no partitions", null);
        }
        Map<Integer, CompletableFuture<?>> sent = new TreeMap<>();
        for (PartitionInfo p : partitions) {
            try {
                sent.put(p.partition(), template.send(Topics.COMMANDS, p.partition(), FLEET, signed));
            } catch (RuntimeException e) { // a send the producer refuses at once counts as not acknowledged
                sent.put(p.partition(), CompletableFuture.failedFuture(e));
            }
        }
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        int written = 0;
        List<Integer> refused = new ArrayList<>();
        Throwable firstError = null;
        for (Map.Entry<Integer, CompletableFuture<?>> e : sent.entrySet()) {
            try {
                e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                written++;
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw failed(command, written, List.of(), "interrupted while waiting for the broker", ie);
            } catch (ExecutionException | TimeoutException ex) {
                refused.add(e.getKey());
                if (firstError == null) {
                    firstError = rootCause(ex); // the broker's or client's own error, not spring-kafka's wrapper
                }
            }
        }
        if (!refused.isEmpty()) {
            throw failed(command, written, refused, "partitions " + refused + " of " + Topics.COMMANDS
                    + " did not acknowledge it: " + firstError, firstError);
        }
        registry.counter("analyzer.fleet.commands", "type", type.wireName(), "outcome", "published").increment();
        LOG.warn("fleet {} {} (reason: {}) requested by {}: written to all {} partitions of {}, valid until {}",
                type.wireName(), command.id(), command.reason(), requester, written, Topics.COMMANDS,
                command.expiresAt());
        return new Sent(command.id(), type, command.reason(), command.expiresAt(), written);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private NotAcknowledged failed(EnforcementCommand command, int written, List<Integer> refused, String why,
            Throwable cause) {
        registry.counter("analyzer.fleet.commands", "type", command.type().wireName(), "outcome", "failed")
                .increment();
        String message = "fleet " + command.type().wireName() + " " + command.id() + " was not acknowledged on every"
                + " partition (" + written + " written): " + why + "; send it again";
        LOG.error("{} (reason: {})", message, command.reason());
        return new NotAcknowledged(command.id(), written, refused, message, cause);
    }
}
