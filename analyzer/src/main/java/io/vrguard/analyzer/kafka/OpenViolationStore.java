package io.vrguard.analyzer.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every instance's view of the violations open fleet-wide, from the compacted changelog
 * {@link Topics#OPEN_VIOLATIONS} (key = violation key, value = its last event, tombstone = resolved). When this
 * instance takes a host over (rebalance after a crash, restart), it continues that host's open violations under
 * their ids instead of opening them anew. Read from the beginning and followed, like the policies.
 */
public class OpenViolationStore implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(OpenViolationStore.class);

    private final Map<String, Object> clientConfig;
    private final MeterRegistry registry;
    private final Map<String, ViolationEvent> open = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /** A catch-up asked for and not yet taken by the follower; every caller until it is taken shares it. */
    private final AtomicReference<CompletableFuture<Void>> catchUpRequest = new AtomicReference<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread follower;
    private volatile boolean running;

    /** {@code clientConfig}: the Kafka client settings (bootstrap, security) the changelog is read with. */
    public OpenViolationStore(Map<String, Object> clientConfig, MeterRegistry registry) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.registry = registry;
        registry.gauge("analyzer.violations.open.fleet", open, Map::size);
    }

    /** The last events of {@code host}'s violations that some instance left open. */
    public List<ViolationEvent> openFor(String host) {
        return open.values().stream().filter(e -> host.equals(e.host())).toList();
    }

    /**
     * Waits until the view holds everything on the changelog now (called on partition assignment, so what the
     * previous owner published before it died is known). Gives up after {@code max}: better to go on with a
     * view that may be a little behind than to stall the consumer group.
     */
    public boolean catchUp(Duration max) {
        // several listener threads take partitions over at once: they share one request, so that none waits
        // for a request that another overwrote; one not yet taken reads the end offsets after every caller's call
        CompletableFuture<Void> request = catchUpRequest.updateAndGet(r -> r != null ? r : new CompletableFuture<>());
        try {
            started.get(max.toMillis(), TimeUnit.MILLISECONDS);
            request.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("open-violation changelog not caught up within {}; taking over with what is known", max);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void start() {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config);
        running = true;
        follower = new Thread(this::follow, "vrguard-open-violations");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            catchUpNow(partitions);
            started.complete(null);
            while (running) {
                CompletableFuture<Void> request = catchUpRequest.getAndSet(null);
                if (request != null) {
                    catchUpNow(partitions);
                    request.complete(null);
                }
                poll();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("open-violation follower stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void catchUpNow(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (running && !end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            poll();
        }
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.key() == null) {
                continue;
            }
            if (r.value() == null) {
                open.remove(r.key());
                continue;
            }
            try {
                open.put(r.key(), WireJson.decode(r.value(), ViolationEvent.class));
            } catch (WireFormatException e) {
                registry.counter("analyzer.violations.changelog.malformed").increment();
                LOG.warn("ignoring unreadable open-violation record '{}' at offset {}: {}", r.key(), r.offset(),
                        e.getMessage());
            }
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.OPEN_VIOLATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (follower != null) {
            try {
                follower.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listeners start, with the policies. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
