package io.vrguard.enforcer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.discovery.VrDiscovery;
import io.vrguard.enforcer.core.CommandAdmission;
import io.vrguard.enforcer.core.CommandHandler;
import io.vrguard.enforcer.core.EnforcerCore;
import io.vrguard.enforcer.core.Limits;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.store.FileCommandLedger;
import io.vrguard.enforcer.store.FileOriginalValues;
import io.vrguard.enforcer.store.FileStopState;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which records of its partition the loop answers: those keyed with its host id and those keyed {@code *} (a
 * fleet-wide stop or resume, written to every partition); another host's are skipped. Each answered record gets
 * exactly one result, keyed with this host id, and every offset is committed.
 */
class CommandLoopTest {
    private static final String HOST = "host-a";
    private static final int PARTITIONS = 3;
    private static final HmacKeyRing RING = HmacKeyRing.of(Map.of("k1",
            "loop-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)));

    @TempDir
    Path state;

    private static byte[] signed(String id, String host, CommandType type) {
        Instant now = Instant.now();
        return WireJson.encode(CommandSigning.sign(new EnforcementCommand(WireSchema.COMMAND, id, host, now,
                now.plus(Duration.ofSeconds(30)), type, null, "test", List.of(), Map.of()), "k1", RING));
    }

    @Test
    void recordsKeyedForThisHostOrTheFleetAreAnsweredOnceAsThisHostAndOtherHostsAreSkipped() throws Exception {
        Clock clock = Clock.systemUTC();
        FileStopState stop = new FileStopState(state, state.resolve("stop.flag"));
        VrDiscovery nothing = () -> new VrDiscovery.DiscoveryResult(List.of(), List.of());
        CommandHandler handler = new CommandHandler(new EnforcerCore(HOST, Mode.ENFORCE, RING, Limits.defaults(),
                clock, nothing, (vr, setting, iface) -> List.of(), BitSet::new, new FileCommandLedger(state, clock),
                new FileOriginalValues(state), stop));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        TopicPartition ours = new TopicPartition(Topics.COMMANDS, CommandPartition.of(HOST, PARTITIONS));
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(Topics.COMMANDS, IntStream.range(0, PARTITIONS).mapToObj(p ->
                new PartitionInfo(Topics.COMMANDS, p, node, new Node[] {node}, new Node[] {node})).toList());
        consumer.updateBeginningOffsets(Map.of(ours, 0L));
        List<ProducerRecord<String, byte[]>> records = List.of(
                new ProducerRecord<>(Topics.COMMANDS, "host-b", signed("b-1", "host-b", CommandType.STOP)),
                new ProducerRecord<>(Topics.COMMANDS, CommandAdmission.FLEET,
                        signed("stop-1", CommandAdmission.FLEET, CommandType.STOP)),
                new ProducerRecord<>(Topics.COMMANDS, CommandAdmission.FLEET,
                        signed("apply-1", CommandAdmission.FLEET, CommandType.APPLY)),
                new ProducerRecord<>(Topics.COMMANDS, HOST, signed("resume-1", HOST, CommandType.RESUME)));
        consumer.schedulePollTask(() -> {
            for (int offset = 0; offset < records.size(); offset++) {
                consumer.addRecord(new ConsumerRecord<>(Topics.COMMANDS, ours.partition(), offset,
                        records.get(offset).key(), records.get(offset).value()));
            }
        });
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());

        CommandLoop loop = new CommandLoop(handler, HOST, consumer, producer, new EnforcerMetrics(registry),
                Duration.ofMillis(10));
        Thread thread = new Thread(loop, "command-loop-test");
        thread.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                OffsetAndMetadata committed = consumer.committed(Set.of(ours)).get(ours);
                return committed != null && committed.offset() == records.size();
            });
            assertThat(loop.assigned()).isEqualTo(ours);
        } finally {
            loop.stop();
            thread.join(Duration.ofSeconds(10).toMillis());
        }
        assertThat(thread.isAlive()).isFalse();

        List<ProducerRecord<String, byte[]>> out = producer.history();
        assertThat(out).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo(Topics.ACTIONS);
            assertThat(r.key()).as("every result is keyed with this host id").isEqualTo(HOST);
        });
        List<ActionResult> results = out.stream().map(r -> WireJson.decode(r.value(), ActionResult.class)).toList();
        assertThat(results).extracting(ActionResult::commandId, ActionResult::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("stop-1", ActionStatus.APPLIED),
                org.assertj.core.groups.Tuple.tuple(null, ActionStatus.REJECTED),
                org.assertj.core.groups.Tuple.tuple("resume-1", ActionStatus.APPLIED));
        assertThat(results.get(1).reason()).startsWith("fleet_command_type: command apply-1 of type apply");
        assertThat(results).allSatisfy(r -> assertThat(r.host()).isEqualTo(HOST));
        assertThat(stop.stoppedByCommand()).as("stopped by the fleet's stop, lifted by this host's resume")
                .isFalse();
        assertThat(registry.counter("enforcer.commands.ignored").count()).isEqualTo(1);
        assertThat(registry.counter("enforcer.commands.received").count()).isEqualTo(3);
        assertThat(registry.counter("enforcer.commands.rejected", "reason", "fleet_command_type").count())
                .isEqualTo(1);
        assertThat(registry.counter("enforcer.results.published").count()).isEqualTo(3);
    }
}
