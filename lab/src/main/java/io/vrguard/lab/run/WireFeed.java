package io.vrguard.lab.run;

import io.vrguard.lab.report.Received;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What vrguard said during the run, as the lab read it from the wire: violation events and enforcer results of the
 * lab's host, each stamped with the lab's own clock when it arrived, and the host samples (counted; the latest
 * kept). A record that does not decode is counted and skipped.
 */
final class WireFeed implements AutoCloseable {
    private static final Pattern TOPICS = Pattern.compile(Pattern.quote(Topics.VIOLATIONS) + "|"
            + Pattern.quote(Topics.ACTIONS) + "|" + Pattern.quote(Topics.SAMPLES));

    private final KafkaConsumer<String, byte[]> consumer;
    private final String host;
    private final Clock clock;
    /** Records older than the run (an external broker's history) are not this run's. */
    private final long since;
    private final Thread thread;
    private final List<Received<ViolationEvent>> violations = new ArrayList<>();
    private final List<Received<ActionResult>> actions = new ArrayList<>();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean running = true;

    WireFeed(String bootstrap, String host, Clock clock) {
        this.host = host;
        this.since = clock.millis();
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "vrgl-lab-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(TOPICS);
        thread = new Thread(this::loop, "vrgl-lab-wire");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    accept(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        if (!host.equals(r.key()) || r.timestamp() < since - 60_000) {
            return; // another host on a shared broker
        }
        try {
            switch (r.topic()) {
                case Topics.VIOLATIONS -> add(violations, WireJson.decode(r.value(), ViolationEvent.class));
                case Topics.ACTIONS -> add(actions, WireJson.decode(r.value(), ActionResult.class));
                default -> {
                    WireJson.decode(r.value(), HostSample.class);
                    samples.incrementAndGet();
                }
            }
        } catch (WireFormatException e) {
            malformed.incrementAndGet();
        }
    }

    private <T> void add(List<Received<T>> list, T value) {
        synchronized (list) {
            list.add(new Received<>(value, clock.instant()));
        }
    }

    List<Received<ViolationEvent>> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    List<Received<ActionResult>> actions() {
        synchronized (actions) {
            return List.copyOf(actions);
        }
    }

    long samples() {
        return samples.get();
    }

    long malformed() {
        return malformed.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
