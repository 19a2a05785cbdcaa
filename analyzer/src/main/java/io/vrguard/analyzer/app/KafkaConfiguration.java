package io.vrguard.analyzer.app;

import io.vrguard.analyzer.kafka.DeadLetters;
import io.vrguard.analyzer.kafka.OpenViolationStore;
import io.vrguard.analyzer.kafka.SampleListener;
import io.vrguard.analyzer.kafka.WireValueSerializer;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireSerde;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/** Topics, the producer, the samples consumer group with its dead-letter path, and the actions reader. */
@Configuration
@EnableKafka
public class KafkaConfiguration {

    /**
     * What every client of the analyzer shares: Spring Boot's standard {@code spring.kafka.*} settings
     * ({@code security.protocol}, {@code ssl.*}, {@code spring.kafka.properties.sasl.*}, client id) with the
     * analyzer's own bootstrap servers.
     */
    @Bean
    KafkaClientSettings kafkaClientSettings(KafkaProperties spring, AnalyzerProperties props) {
        Map<String, Object> common = new HashMap<>(spring.buildAdminProperties());
        common.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafka().bootstrapServers());
        return new KafkaClientSettings(Map.copyOf(common));
    }

    /** The Kafka client settings every client of this service starts from. */
    public record KafkaClientSettings(Map<String, Object> common) {
        Map<String, Object> copy() {
            return new HashMap<>(common);
        }

        @Override
        public String toString() {
            return "KafkaClientSettings" + common.keySet(); // values may hold a JAAS password
        }
    }

    @Bean
    KafkaAdmin kafkaAdmin(KafkaClientSettings clients) {
        return new KafkaAdmin(clients.copy());
    }

    @Bean
    KafkaAdmin.NewTopics vrguardTopics(AnalyzerProperties props) {
        int p = props.kafka().partitions();
        short r = props.kafka().replicationFactor();
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.SAMPLES).partitions(p).replicas(r).build(),
                TopicBuilder.name(Topics.deadLetter(Topics.SAMPLES)).partitions(p).replicas(r).build(),
                TopicBuilder.name(Topics.COMMANDS).partitions(p).replicas(r).build(),
                TopicBuilder.name(Topics.ACTIONS).partitions(p).replicas(r).build(),
                TopicBuilder.name(Topics.VIOLATIONS).partitions(p).replicas(r).build(),
                TopicBuilder.name(Topics.SLAS).partitions(1).replicas(r).compact().build(),
                TopicBuilder.name(Topics.deadLetter(Topics.SLAS)).partitions(1).replicas(r).build(),
                TopicBuilder.name(Topics.OPEN_VIOLATIONS).partitions(1).replicas(r).compact().build());
    }

    @Bean
    KafkaTemplate<String, Object> kafkaTemplate(KafkaClientSettings clients) {
        Map<String, Object> config = clients.copy();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new WireValueSerializer()));
    }

    /**
     * Undecodable samples and policies, and samples InfluxDB refuses, go to {@code <topic>.dlt} with the reason;
     * values too large to publish again keep their start.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<String, Object> template) {
        return new DeadLetters(template);
    }

    /** Header on dead-lettered records with the decoder's or InfluxDB's reason in plain words. */
    public static final String REASON_HEADER = DeadLetters.REASON_HEADER;

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, HostSample> sampleContainerFactory(AnalyzerProperties props,
            KafkaClientSettings clients, AnalysisService service, DeadLetterPublishingRecoverer deadLetters) {
        Map<String, Object> config = consumerConfig(clients, props.kafka().groupId());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, props.kafka().maxPollRecords());
        // a dead instance's hosts move to the survivors after this, not Kafka's default 45 s: detection resumes in
        // seconds. The heartbeat is a third of it, as Kafka's defaults are.
        long session = props.kafka().sessionTimeout().toMillis();
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1, session / 3));
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        ErrorHandlingDeserializer<HostSample> values = new ErrorHandlingDeserializer<>(
                new WireSerde<>(HostSample.class));
        var factory = new ConcurrentKafkaListenerContainerFactory<String, HostSample>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), values));
        factory.setBatchListener(true);
        factory.setConcurrency(props.kafka().concurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        factory.getContainerProperties().setConsumerRebalanceListener(rebalance(service));
        // a batch that could not be stored is retried in memory with backoff, without end: never skipped, never
        // committed, and the consumer keeps polling (paused) so it stays in the group
        ExponentialBackOff backOff = new ExponentialBackOff(props.influx().initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(props.influx().maxBackoff().toMillis());
        factory.setCommonErrorHandler(new DefaultErrorHandler(deadLetters, backOff));
        return factory;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, ActionResult> actionContainerFactory(AnalyzerProperties props,
            KafkaClientSettings clients) {
        // every instance reads every result: the command may be for any host it owns
        Map<String, Object> config = consumerConfig(clients, props.kafka().groupId() + "-actions-"
                + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, ActionResult>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(new WireSerde<>(ActionResult.class))));
        return factory;
    }

    @Bean
    SampleListener sampleListener(AnalysisService service, DeadLetterPublishingRecoverer deadLetters,
            io.micrometer.core.instrument.MeterRegistry registry) {
        return new SampleListener(service, deadLetters, registry);
    }

    private static Map<String, Object> consumerConfig(KafkaClientSettings clients, String groupId) {
        Map<String, Object> config = clients.copy();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }

    @Bean
    OpenViolationStore openViolationStore(KafkaClientSettings clients,
            io.micrometer.core.instrument.MeterRegistry registry) {
        return new OpenViolationStore(clients.common(), registry);
    }

    private static ConsumerAwareRebalanceListener rebalance(AnalysisService service) {
        return new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                // before the first sample of a host taken over, know what its previous owner left open
                if (!partitions.isEmpty()) {
                    service.takingOver();
                }
            }

            @Override
            public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer,
                    Collection<TopicPartition> partitions) {
                service.forgetPartitions(partitions.stream().map(TopicPartition::partition).toList());
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                service.forgetPartitions(partitions.stream().map(TopicPartition::partition).toList());
            }
        };
    }
}
