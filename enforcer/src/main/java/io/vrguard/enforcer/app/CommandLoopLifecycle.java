package io.vrguard.enforcer.app;

import io.vrguard.enforcer.core.CommandHandler;
import io.vrguard.enforcer.kafka.CommandLoop;
import io.vrguard.enforcer.kafka.EnforcerMetrics;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireSchema;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link CommandLoop} on its own thread; on stop, finishes the record in hand and, where configured,
 * reverts every remembered original and publishes that as one result.
 */
@Component
public class CommandLoopLifecycle implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLoopLifecycle.class);

    private final EnforcerProperties properties;
    private final CommandHandler handler;
    private final EnforcerMetrics metrics;
    private final Clock clock;
    private final KafkaProperties kafka;
    private KafkaProducer<String, byte[]> producer;
    private CommandLoop loop;
    private Thread thread;

    public CommandLoopLifecycle(EnforcerProperties properties, CommandHandler handler, EnforcerMetrics metrics,
            Clock clock, KafkaProperties kafka) {
        this.properties = properties;
        this.handler = handler;
        this.metrics = metrics;
        this.clock = clock;
        this.kafka = kafka;
    }

    @Override
    public synchronized void start() {
        ensureDeadLetterTopic();
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer());
        loop = new CommandLoop(handler, properties.hostId(), consumer, producer, metrics, properties.pollTimeout());
        thread = new Thread(loop, "enforcer-commands");
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("command loop died", e));
        thread.start();
        LOG.info("enforcer {} started in mode {}", properties.hostId(), handler.mode().wireName());
    }

    /**
     * Creates {@code vrguard.commands.dlt} with the broker's defaults if it is missing, so a record that is not a
     * command can always be set aside. Best effort: without the right to create topics (ACLs) an operator creates
     * it; until then such a record is retried, never skipped.
     */
    private void ensureDeadLetterTopic() {
        String topic = Topics.deadLetter(Topics.COMMANDS);
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
            LOG.info("created {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("cannot create {} ({}); create it, or undecodable commands will wait for it", topic,
                        e.getCause().toString());
            }
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("cannot create {} ({}); create it, or undecodable commands will wait for it", topic,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (properties.revertOnShutdown()) {
            revertAll();
        }
        producer.close();
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    public CommandLoop loop() {
        return loop;
    }

    private void revertAll() {
        List<AppliedChange> changes = handler.revertAll();
        if (changes.isEmpty()) {
            return;
        }
        boolean failed = changes.stream().anyMatch(c -> "failed".equals(c.outcome()));
        ActionResult result = new ActionResult(WireSchema.ACTION_RESULT, null, properties.hostId(), clock.instant(),
                failed ? ActionStatus.FAILED : ActionStatus.REVERTED, handler.mode().wireName(), null,
                "revert on shutdown", changes);
        LOG.info("reverted on shutdown: {}", changes);
        loop.publish(result);
    }

    private Map<String, Object> producerConfig() {
        // spring.kafka.* (bootstrap, security.protocol, ssl.*, sasl.* via spring.kafka.properties) first, then what
        // the delivery guarantees rest on
        Map<String, Object> c = new HashMap<>(kafka.buildProducerProperties());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "vrguard-enforcer-" + properties.hostId());
        return c;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>(kafka.buildConsumerProperties());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "vrguard-enforcer-" + properties.hostId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        // Never create vrguard.commands with a broker default partition count: the host's partition depends on it.
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "vrguard-enforcer-" + properties.hostId());
        return c;
    }
}
