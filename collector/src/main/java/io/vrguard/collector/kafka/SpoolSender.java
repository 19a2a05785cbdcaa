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
 * Drains the spool to Kafka in sequence order: sends a batch of the oldest samples, waits for each
 * acknowledgement in order, and removes a sample from the spool only once Kafka has it (acks=all, idempotent
 * producer, so retries inside the producer neither reorder nor duplicate). On failure the rest stays spooled and is
 * retried after a pause, so an outage costs only delay, until the spool's bound is reached.
 */
public final class SpoolSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolSender.class);
    private static final int BATCH = 200;

    private final SampleSpool spool;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String key;
    private final Duration timeout;
    private final Counter sendErrors;
    private final Counter published;
    private volatile boolean running = true;
    private final Thread thread;

    public SpoolSender(SampleSpool spool, Producer<String, byte[]> producer, String topic, String key,
            Duration timeout, MeterRegistry registry) {
        this.spool = spool;
        this.producer = producer;
        this.topic = topic;
        this.key = key;
        this.timeout = timeout;
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
                List<SampleSpool.Entry> batch = spool.oldest(BATCH, 500);
                if (batch.isEmpty()) {
                    continue;
                }
                if (!send(batch)) {
                    if (!failing) {
                        LOG.warn("Kafka unavailable; {} sample(s) spooled, retrying", spool.depth());
                    }
                    failing = true;
                    Thread.sleep(1000);
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
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                spool.remove(batch.get(i).seq());
                published.increment();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                sendErrors.increment();
                return false;
            }
        }
        return acks.size() == batch.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        producer.close(Duration.ofSeconds(2));
    }
}
