package io.vrguard.analyzer.kafka;

import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes a record that cannot be used to {@code Topics.deadLetter(its topic)} with the reason in the header
 * {@value #REASON_HEADER}, beside spring-kafka's {@code kafka_dlt-*} headers (original topic, partition, offset).
 * A record too large to publish again is kept as its first {@value #KEPT_PREFIX_BYTES} bytes, with its size in
 * {@value #ORIGINAL_BYTES_HEADER}: a dead letter that cannot be sent would stall the consumer behind it.
 */
public class DeadLetters extends DeadLetterPublishingRecoverer {
    /** Header with the decoder's or InfluxDB's reason in plain words. */
    public static final String REASON_HEADER = "vrguard-reason";
    /** Header with the original value's size when only its start is kept. */
    public static final String ORIGINAL_BYTES_HEADER = "vrguard-original-bytes";
    static final int KEPT_PREFIX_BYTES = 64 * 1024;
    /** Larger values do not fit a default 1 MiB producer request together with the dead-letter headers. */
    static final int MAX_REPUBLISHED_BYTES = WireJson.MAX_RECORD_BYTES - KEPT_PREFIX_BYTES;

    public DeadLetters(KafkaOperations<?, ?> template) {
        super(template, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        // spring-kafka's own headers name the wrapper ("failed to deserialize"); this one says what was wrong
        setHeadersFunction((record, e) -> new org.apache.kafka.common.header.internals.RecordHeaders()
                .add(REASON_HEADER, reason(e).getBytes(StandardCharsets.UTF_8)));
    }

    /** The innermost decoder error (or the exception itself) as "Type: message". */
    public static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof WireFormatException)) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
            TopicPartition topicPartition, Headers headers, byte[] key, byte[] value) {
        Object v = value != null ? value : record.value();
        if (v instanceof byte[] bytes && bytes.length > MAX_REPUBLISHED_BYTES) {
            headers.add(ORIGINAL_BYTES_HEADER, Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
            v = Arrays.copyOf(bytes, KEPT_PREFIX_BYTES);
        }
        return new ProducerRecord<>(topicPartition.topic(),
                topicPartition.partition() < 0 ? null : topicPartition.partition(),
                key != null ? key : record.key(), v, headers);
    }
}
