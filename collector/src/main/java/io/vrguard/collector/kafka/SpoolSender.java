package io.vrguard.collector.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.collector.spool.SampleSpool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the spool to Kafka in sequence order: hands a batch of the oldest samples to the producer, waits for
 * each acknowledgement in order, and removes a sample from the spool only once Kafka has it. A record handed to
 * the producer is never handed over again while the producer still owns it: the producer retries it itself
 * (acks=all, idempotence, unbounded delivery timeout), with the same producer sequence number, so the broker
 * discards a retry that had in fact landed and an outage of any length causes neither loss nor duplicates. Only
 * the current batch is in memory, at most {@link #BATCH} samples and about {@link #BATCH_BYTES}, and none is read
 * while Kafka is unreachable; everything else waits in the on-disk spool.
 */
public final class SpoolSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolSender.class);
    private static final int BATCH = 200;
    /**
     * A batch is in the heap twice while it is sent (these arrays, the producer's record batches): 1 MiB, the
     * producer's default max.request.size, keeps that within the agent's small heap whatever the sample size.
     */
    private static final long BATCH_BYTES = 1 << 20;

    private final SampleSpool spool;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String key;
    private final Counter sendErrors;
    private final Counter published;
    private volatile boolean running = true;
    private final Thread thread;

    public SpoolSender(SampleSpool spool, Producer<String, byte[]> producer, String topic, String key,
            MeterRegistry registry) {
        this.spool = spool;
        this.producer = producer;
        this.topic = topic;
        this.key = key;
        this.sendErrors = registry.counter("collector.send.errors");
        this.published = registry.counter("collector.samples.published");
        this.thread = new Thread(this::loop, "collector-sender");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        boolean failing = false;
        while (running) {
            try {
                // nothing is read from the spool while Kafka is away: a batch re-read every second of an outage
                // kept the heap full (a full GC every half second, then OutOfMemoryError, at 64 VRs and 10 Hz)
                if (!metadataKnown()) {
                    failing = waitForKafka(failing);
                    continue;
                }
                List<SampleSpool.Entry> batch = spool.oldest(BATCH, BATCH_BYTES, 500);
                if (batch.isEmpty()) {
                    continue;
                }
                if (!send(batch)) {
                    failing = waitForKafka(failing);
                } else if (failing) {
                    LOG.info("Kafka reachable again; spool depth {}", spool.depth());
                    failing = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | java.io.IOException e) {
                sendErrors.increment();
                LOG.warn("spool sender error: {}", e.toString());
            }
        }
    }

    /** Logs the first failure of a run of them, then waits a second before the next attempt; returns true. */
    private boolean waitForKafka(boolean failing) throws InterruptedException {
        if (!failing) {
            LOG.warn("Kafka unavailable; {} sample(s) spooled, retrying", spool.depth());
        }
        Thread.sleep(1000);
        return true;
    }

    /**
     * Nothing is handed over before the partition's metadata is known: send() fails a record whose metadata does
     * not arrive within max.block.ms, and the records behind it, sent once it did arrive, would land before it (a
     * producer started while Kafka is away, e.g. after a crash, showed exactly that). With metadata known, the
     * producer queues and retries every record itself, in order.
     */
    private boolean metadataKnown() {
        try {
            producer.partitionsFor(topic);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when the whole batch was acknowledged. */
    private boolean send(List<SampleSpool.Entry> batch) throws InterruptedException, java.io.IOException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (SampleSpool.Entry e : batch) {
                acks.add(producer.send(new ProducerRecord<>(topic, key, e.bytes())));
            }
        } catch (RuntimeException e) {
            sendErrors.increment();
        }
        boolean allAcknowledged = acks.size() == batch.size();
        for (int i = 0; i < acks.size(); i++) {
            if (await(acks.get(i))) {
                spool.remove(batch.get(i).seq());
                published.increment();
            } else {
                allAcknowledged = false; // a fatal producer error: the sample stays spooled for the next attempt
            }
        }
        return allAcknowledged;
    }

    /** Waits for the producer's verdict on one record, however long an outage lasts. */
    private boolean await(Future<RecordMetadata> ack) throws InterruptedException {
        while (true) {
            try {
                ack.get(1, TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                if (!running) {
                    throw new InterruptedException("closing");
                }
            } catch (java.util.concurrent.ExecutionException e) {
                sendErrors.increment();
                LOG.warn("Kafka refused a sample: {}", e.getCause().toString());
                return false;
            }
        }
    }

    /** False once the sending thread has died (an Error it could not survive): nothing would reach Kafka. */
    public boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        producer.close(Duration.ofSeconds(2));
    }
}
