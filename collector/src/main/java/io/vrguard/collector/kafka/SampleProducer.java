package io.vrguard.collector.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer of {@code vrguard.samples}: the operator's {@code spring.kafka.*} settings with what delivery rests
 * on forced (acks=all, idempotence, an unbounded delivery timeout) and agent defaults for the rest.
 */
public final class SampleProducer {
    private SampleProducer() {
    }

    public static KafkaProducer<String, byte[]> create(Map<String, Object> configured, String hostId,
            Duration sendTimeout) {
        Map<String, Object> props = new HashMap<>(configured);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // the producer keeps retrying a record (same sequence number, so never duplicated) for as long as Kafka
        // is away; giving up and sending it again would create a duplicate when the first attempt had landed
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        props.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        // the agent's own metrics are on /actuator/prometheus: no JMX MBeans, no metrics push to the broker
        props.putIfAbsent(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        props.putIfAbsent(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vrguard-collector-" + hostId);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
