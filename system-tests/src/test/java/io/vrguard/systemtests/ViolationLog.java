package io.vrguard.systemtests;

import io.vrguard.protocol.Topics;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.WireSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every event on {@code vrguard.violations}, from the beginning, with the time this reader got it. */
final class ViolationLog implements AutoCloseable {
    record Seen(Instant at, ViolationEvent event) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final KafkaConsumer<String, ViolationEvent> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    ViolationLog(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false), new StringDeserializer(),
                new WireSerde<>(ViolationEvent.class));
        thread = new Thread(this::run, "violation-log");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            partitions = consumer.partitionsFor(Topics.VIOLATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (running) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                synchronized (seen) {
                    seen.add(new Seen(Instant.now(), r.value()));
                }
            });
        }
        consumer.close();
    }

    List<Seen> all() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    List<ViolationEvent> events(Predicate<ViolationEvent> which) {
        List<ViolationEvent> out = new ArrayList<>();
        for (Seen s : all()) {
            if (which.test(s.event())) {
                out.add(s.event());
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
