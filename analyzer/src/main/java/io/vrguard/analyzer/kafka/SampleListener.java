package io.vrguard.analyzer.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.app.AnalysisService;
import io.vrguard.protocol.HostSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireFormatException;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Batches of host samples: undecodable records and samples InfluxDB refuses go to the dead-letter topic with the
 * reason; the offsets are committed only after the batch is stored and its results published.
 */
public class SampleListener {
    private static final LogAccessor LOG = new LogAccessor(SampleListener.class);

    private final AnalysisService service;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final MeterRegistry registry;

    public SampleListener(AnalysisService service, DeadLetterPublishingRecoverer deadLetters,
            MeterRegistry registry) {
        this.service = service;
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    @KafkaListener(id = "vrguard-samples", idIsGroup = false, topics = Topics.SAMPLES,
            containerFactory = "sampleContainerFactory")
    public void onSamples(List<ConsumerRecord<String, HostSample>> records, Acknowledgment ack,
            Consumer<?, ?> consumer) {
        // what is still unread on each partition, known from the last fetch without asking the broker
        Map<Integer, OptionalLong> lags = new HashMap<>();
        consumer.assignment().forEach(tp -> lags.put(tp.partition(), consumer.currentLag(tp)));
        service.lags(lags);
        List<ConsumerRecord<String, HostSample>> good = new ArrayList<>();
        for (ConsumerRecord<String, HostSample> r : records) {
            if (r.value() != null) {
                good.add(r);
                continue;
            }
            DeserializationException e = SerializationUtils.getExceptionFromHeader(r,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            // the reason readers need is the decoder's, not the wrapper's "failed to deserialize"
            WireFormatException reason = e == null
                    ? new WireFormatException("empty record (tombstone) on the samples topic")
                    : new WireFormatException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
            registry.counter("analyzer.samples.dead_lettered", "reason",
                    DeadLetterReason.of(reason.getMessage()).tag()).increment();
            deadLetters.accept(r, consumer, reason);
        }
        List<AnalysisService.Rejected> rejected = service.process(
                good.stream().map(ConsumerRecord::value).toList(),
                good.stream().map(ConsumerRecord::partition).toList());
        for (AnalysisService.Rejected r : rejected) {
            registry.counter("analyzer.samples.dead_lettered", "reason", DeadLetterReason.INFLUX_REJECTED.tag())
                    .increment();
            deadLetters.accept(good.get(r.index()), consumer, r.reason());
        }
        ack.acknowledge();
    }
}
