package io.vrguard.analyzer.policy;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.core.InvalidPolicyException;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.core.PolicyRule;
import io.vrguard.analyzer.kafka.DeadLetterReason;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * SLA policies with the compacted topic {@link Topics#SLAS} as the source of truth (key = scope, value = the
 * rule as JSON, tombstone = deleted). Every instance reads the whole topic and follows it; the YAML file seeds
 * the topic only when it is empty. Changes are validated before anything is written; a record that cannot be
 * read or is invalid is skipped, counted and sent to {@code vrguard.slas.dlt} with the reason.
 */
public class PolicyStore implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final Map<String, Object> clientConfig;
    private final KafkaTemplate<String, Object> template;
    private final Path bootstrapFile;
    private final Consumer<Policies> onChange;
    private final MeterRegistry registry;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final AtomicReference<Policies> current = new AtomicReference<>(Policies.empty());
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread follower;
    private volatile boolean running;

    /** {@code clientConfig}: the Kafka client settings (bootstrap, security) the policy topic is read with. */
    public PolicyStore(Map<String, Object> clientConfig, KafkaTemplate<String, Object> template, Path bootstrapFile,
            Consumer<Policies> onChange, MeterRegistry registry, DeadLetterPublishingRecoverer deadLetters) {
        this.deadLetters = deadLetters;
        this.clientConfig = Map.copyOf(clientConfig);
        this.template = template;
        this.bootstrapFile = bootstrapFile;
        this.onChange = onChange;
        this.registry = registry;
    }

    public Policies current() {
        return current.get();
    }

    public Optional<PolicyRule> get(String scope) {
        return current.get().rule(scope);
    }

    /** Validates, publishes and applies; an invalid rule throws {@link InvalidPolicyException}. */
    public synchronized PolicyRule put(PolicyRule rule) {
        current.get().with(rule); // validation only: throws before anything is written
        send(rule.scope(), WireJson.encode(rule));
        apply(rule.scope(), rule);
        return rule;
    }

    public synchronized boolean delete(String scope) {
        if (current.get().rule(scope).isEmpty()) {
            return false;
        }
        send(scope, null);
        apply(scope, null);
        return true;
    }

    @Override
    public void start() {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config);
        running = true;
        follower = new Thread(this::follow, "vrguard-policy-follower");
        follower.setDaemon(true);
        follower.start();
        try {
            if (!caughtUp.await(60, TimeUnit.SECONDS)) {
                LOG.warn("policy topic not read within 60 s; starting with {} rules", current.get().rules().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read(r);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    seedIfEmpty();
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("policy follower stopped: {}", e.toString(), e);
        } finally {
            caughtUp.countDown();
            consumer.close();
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SLAS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            sleep(200);
        }
    }

    private void read(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null && r.key() != null) {
            apply(r.key(), null);
            return;
        }
        try {
            PolicyRule rule = PolicyRecord.decode(r.key(), r.value());
            current.get().with(rule);
            apply(r.key(), rule);
        } catch (RuntimeException e) {
            refuse(r, e);
        }
    }

    /** Skipped, counted and dead-lettered with the reason; the follower goes on with the next record. */
    private void refuse(ConsumerRecord<String, byte[]> r, RuntimeException e) {
        registry.counter("analyzer.policies.invalid").increment();
        String reason = (e instanceof WireFormatException ? DeadLetterReason.of(e.getMessage())
                : DeadLetterReason.INVALID).tag();
        registry.counter("analyzer.slas.dead_lettered", "reason", reason).increment();
        LOG.warn("skipping invalid policy record '{}' at offset {} ({}): {}", r.key(), r.offset(), reason,
                e.getMessage());
        if (deadLetters != null) {
            try {
                deadLetters.accept(r, null, e);
            } catch (RuntimeException failed) {
                LOG.error("could not dead-letter policy record at offset {}: {}", r.offset(), failed.toString());
            }
        }
    }

    private void seedIfEmpty() {
        if (!current.get().rules().isEmpty() || bootstrapFile == null || !Files.exists(bootstrapFile)) {
            return;
        }
        Policies seed = PolicyFile.read(bootstrapFile);
        LOG.info("policy topic empty: seeding {} rules from {}", seed.rules().size(), bootstrapFile);
        seed.rules().forEach(this::put);
    }

    private synchronized void apply(String scope, PolicyRule rule) {
        Policies next = rule == null ? current.get().without(scope) : current.get().with(rule);
        current.set(next);
        onChange.accept(next);
    }

    private void send(String scope, byte[] value) {
        try {
            template.send(Topics.SLAS, scope, value).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not store policy '" + scope + "' on " + Topics.SLAS + ": "
                    + e.getMessage(), e);
        }
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

    /** Before the listeners start, so the first sample is judged against the stored policies. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }
}
