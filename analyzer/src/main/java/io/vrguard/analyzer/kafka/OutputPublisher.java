package io.vrguard.analyzer.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.core.Mode;
import io.vrguard.analyzer.core.PlannedCommand;
import io.vrguard.analyzer.core.ViolationTracker;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.ViolationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes violation events on {@link Topics#VIOLATIONS} and signed commands (mode auto only) on
 * {@link Topics#COMMANDS}, key = host id, keeps the changelog {@link Topics#OPEN_VIOLATIONS} current, and waits
 * for the broker's acknowledgement.
 */
public class OutputPublisher {
    private final KafkaTemplate<String, Object> template;
    private final HmacKeyRing keys;
    private final String keyId;
    private final MeterRegistry registry;

    public OutputPublisher(KafkaTemplate<String, Object> template, HmacKeyRing keys, String keyId,
            MeterRegistry registry) {
        this.template = template;
        this.keys = keys;
        this.keyId = keyId;
        this.registry = registry;
    }

    public void publish(List<ViolationEvent> events, List<PlannedCommand> commands) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (ViolationEvent e : events) {
            sent.add(template.send(Topics.VIOLATIONS, e.host(), e));
            // the changelog another instance continues from if this one dies
            sent.add(template.send(Topics.OPEN_VIOLATIONS, ViolationTracker.keyOf(e),
                    ViolationEvent.RESOLVED.equals(e.event()) ? null : e));
            registry.counter("analyzer.violations.events", "type", e.type().wireName(), "event", e.event())
                    .increment();
        }
        for (PlannedCommand c : commands) {
            registry.counter("analyzer.commands.planned", "mode", c.mode().wireName(), "step", c.step())
                    .increment();
            if (c.mode() == Mode.AUTO) {
                SignedCommand signed = CommandSigning.sign(c.command(), keyId, keys);
                sent.add(template.send(Topics.COMMANDS, c.command().host(), signed));
            }
        }
        for (CompletableFuture<?> f : sent) {
            await(f);
        }
    }

    private static void await(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to Kafka failed: " + e.getMessage(), e);
        }
    }
}
