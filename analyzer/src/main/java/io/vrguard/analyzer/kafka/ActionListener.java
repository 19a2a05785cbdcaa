package io.vrguard.analyzer.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.app.AnalysisService;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/** The enforcers' results: stored as annotations and fed to remedy verification. */
public class ActionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ActionListener.class);

    private final AnalysisService service;
    private final MeterRegistry registry;

    public ActionListener(AnalysisService service, MeterRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    @KafkaListener(id = "vrguard-actions", idIsGroup = false, topics = Topics.ACTIONS,
            containerFactory = "actionContainerFactory")
    public void onAction(ConsumerRecord<String, ActionResult> record) {
        if (record.value() == null) {
            registry.counter("analyzer.actions.malformed").increment();
            LOG.warn("skipping undecodable action result at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        registry.counter("analyzer.actions.received", "status", record.value().status().wireName()).increment();
        service.onAction(record.value());
    }
}
