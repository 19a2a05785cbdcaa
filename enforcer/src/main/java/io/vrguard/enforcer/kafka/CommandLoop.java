package io.vrguard.enforcer.kafka;

import io.vrguard.enforcer.core.CommandAdmission;
import io.vrguard.enforcer.core.CommandHandler;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.protocol.ActionResult;
import io.vrguard.enforcer.core.Rejection;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this host's partition of {@code vrguard.commands} one record at a time (those keyed with its host id or
 * {@code *}): handle, publish the one result (key = host id) and wait for the broker's acknowledgement, mark it
 * published, and only then commit the offset.
 * A result that cannot be published is retried from the same offset; the ledger makes the retry answer with the
 * same result instead of running the command again.
 */
public final class CommandLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    public static final String REASON_HEADER = "vrguard-reason";
    public static final String ORIGIN_HEADER = "vrguard-origin";
    /** Rejections that mean "not a command": such records also go to the dead-letter topic. */
    private static final Set<String> DEAD_LETTER_REASONS = Set.of(Rejection.MALFORMED, Rejection.OVERSIZED);

    private final CommandHandler handler;
    private final String hostId;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final EnforcerMetrics metrics;
    private final Duration pollTimeout;
    private volatile boolean running = true;
    private volatile TopicPartition assigned;

    public CommandLoop(CommandHandler handler, String hostId, Consumer<String, byte[]> consumer,
            Producer<String, byte[]> producer, EnforcerMetrics metrics, Duration pollTimeout) {
        this.handler = handler;
        this.hostId = hostId;
        this.consumer = consumer;
        this.producer = producer;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
    }

    public TopicPartition assigned() {
        return assigned;
    }

    @Override
    public void run() {
        try {
            assign();
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /**
     * One poll. A record whose result cannot be published, or whose handling fails unexpectedly (say the state
     * dir is not writable), is retried from its offset after a pause: the loop never dies and never skips one.
     */
    private void pollOnce() {
        ConsumerRecord<String, byte[]> current = null;
        try {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
                current = record;
                if (!process(record)) {
                    retryFrom(record);
                    return;
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.loopError();
            LOG.error("command loop error at {}; retrying", current == null ? "poll" : current.offset(), e);
            if (current != null) {
                retryFrom(current);
            } else {
                sleep(pollTimeout);
            }
        }
    }

    private void retryFrom(ConsumerRecord<String, byte[]> record) {
        consumer.seek(assigned, record.offset());
        sleep(pollTimeout);
    }

    /** Stops the loop from another thread; the record in hand is finished first. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private void assign() {
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.COMMANDS);
        while (running && (partitions == null || partitions.isEmpty())) {
            LOG.warn("topic {} has no partitions yet; waiting", Topics.COMMANDS);
            sleep(pollTimeout);
            partitions = consumer.partitionsFor(Topics.COMMANDS);
        }
        assigned = new TopicPartition(Topics.COMMANDS, CommandPartition.of(hostId, partitions.size()));
        consumer.assign(List.of(assigned));
        LOG.info("host {} reads {} of {} partitions", hostId, assigned, partitions.size());
    }

    /**
     * Records keyed with this host id or {@value CommandAdmission#FLEET} (a stop or resume for every host, written
     * to every partition) are handled; others on this partition are another host's and skipped.
     *
     * @return false when the result could not be published (the record is retried)
     */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        if (!hostId.equals(record.key()) && !CommandAdmission.FLEET.equals(record.key())) {
            metrics.ignored();
            commit(record);
            return true;
        }
        metrics.received();
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        Handled handled = handler.handle(record.value(), origin);
        boolean notACommand = handled.rejection() != null && DEAD_LETTER_REASONS.contains(handled.rejection());
        if (notACommand && !deadLetter(record, handled.result().reason())) {
            return false;
        }
        if (!handled.alreadyPublished()) {
            metrics.handled(handled);
            LOG.info("command {} at {}: {} {}", handled.result().commandId(), origin, handled.result().status(),
                    handled.result().reason() == null ? "" : handled.result().reason());
            if (!publish(handled.result())) {
                return false;
            }
            if (handled.result().commandId() != null) {
                handler.published(handled.result().commandId());
            }
        }
        commit(record);
        return true;
    }

    /**
     * The original bytes of a record that is not a command at all (undecodable, truncated, wrong schema version,
     * oversized) to {@code vrguard.commands.dlt}, key kept, the reason in header {@value #REASON_HEADER} and the
     * origin in {@value #ORIGIN_HEADER}; acknowledged before the offset is committed.
     */
    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.deadLetter(Topics.COMMANDS), record.key(),
                record.value());
        out.headers().add(REASON_HEADER, String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        out.headers().add(ORIGIN_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(out).get(30, TimeUnit.SECONDS);
            metrics.deadLettered();
            return true;
        } catch (ExecutionException | TimeoutException e) {
            metrics.publishFailed();
            LOG.warn("cannot dead-letter record {}: {}; will retry", record.offset(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    public boolean publish(ActionResult result) {
        try {
            producer.send(new ProducerRecord<>(Topics.ACTIONS, hostId, WireJson.encode(result)))
                    .get(30, TimeUnit.SECONDS);
            metrics.published();
            return true;
        } catch (ExecutionException | TimeoutException e) {
            metrics.publishFailed();
            LOG.warn("cannot publish result of command {}: {}; will retry", result.commandId(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    private void commit(ConsumerRecord<String, byte[]> record) {
        consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1)));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
