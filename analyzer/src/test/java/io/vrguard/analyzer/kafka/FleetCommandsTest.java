package io.vrguard.analyzer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

public class FleetCommandsTest {
    static final HmacKeyRing RING = HmacKeyRing.of(Map.of("k1",
            "fleet-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)));
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** A producer on a cluster whose vrguard.commands has {@code partitions} partitions. */
    static MockProducer<String, Object> producer(int partitions, boolean autoComplete) {
        Node node = new Node(0, "localhost", 9092);
        Cluster cluster = new Cluster("c", List.of(node), IntStream.range(0, partitions).mapToObj(p ->
                new PartitionInfo(Topics.COMMANDS, p, node, new Node[] {node}, new Node[] {node})).toList(),
                Set.of(), Set.of());
        return new SharedMockProducer(cluster, autoComplete);
    }

    /** As the real factory's shared producer: KafkaTemplate "closes" it after partitionsFor, which must not end it. */
    public static final class SharedMockProducer extends MockProducer<String, Object> {
        public SharedMockProducer(Cluster cluster, boolean autoComplete) {
            super(cluster, autoComplete, null, new StringSerializer(), new WireValueSerializer());
        }

        @Override
        public void close() {
        }

        @Override
        public void close(Duration timeout) {
        }
    }

    static FleetCommands fleet(MockProducer<String, Object> producer, SimpleMeterRegistry registry) {
        return new FleetCommands(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)), RING, "k1",
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30), registry);
    }

    static EnforcementCommand verified(ProducerRecord<String, Object> record) {
        return CommandSigning.verify(WireJson.decode(new WireValueSerializer().serialize(record.topic(),
                record.value()), SignedCommand.class), RING);
    }

    @Test
    void aStopIsSignedForEveryHostAndWrittenOnceToEachPartitionKeyedStar() {
        MockProducer<String, Object> producer = producer(5, true);
        FleetCommands.Sent sent = fleet(producer, registry).publish(CommandType.STOP, "  maintenance CHG-1  ",
                "127.0.0.1");

        assertThat(sent.commandId()).matches("stop-[0-9a-f-]{36}");
        assertThat(sent.partitionsWritten()).isEqualTo(5);
        assertThat(sent.expiresAt()).isEqualTo(NOW.plusSeconds(30));
        List<ProducerRecord<String, Object>> records = producer.history();
        assertThat(records).extracting(ProducerRecord::partition).containsExactly(0, 1, 2, 3, 4);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo(Topics.COMMANDS);
            assertThat(r.key()).isEqualTo("*");
            EnforcementCommand c = verified(r);
            assertThat(c.id()).isEqualTo(sent.commandId());
            assertThat(c.host()).isEqualTo("*");
            assertThat(c.type()).isEqualTo(CommandType.STOP);
            assertThat(c.reason()).isEqualTo("maintenance CHG-1");
            assertThat(c.issuedAt()).isEqualTo(NOW);
            assertThat(c.expiresAt()).isEqualTo(NOW.plusSeconds(30));
            assertThat(c.changes()).isEmpty();
            assertThat(c.violationId()).isNull();
        });
        assertThat(registry.counter("analyzer.fleet.commands", "type", "stop", "outcome", "published").count())
                .isEqualTo(1);
    }

    @Test
    void aResumeLikewiseAndEachRequestIsANewCommand() {
        MockProducer<String, Object> producer = producer(2, true);
        FleetCommands fleet = fleet(producer, registry);
        String first = fleet.publish(CommandType.RESUME, "done", "a").commandId();
        String second = fleet.publish(CommandType.RESUME, "done", "a").commandId();
        assertThat(first).startsWith("resume-").isNotEqualTo(second);
        assertThat(producer.history()).hasSize(4).allSatisfy(r -> assertThat(verified(r).type())
                .isEqualTo(CommandType.RESUME));
        assertThat(registry.counter("analyzer.fleet.commands", "type", "resume", "outcome", "published").count())
                .isEqualTo(2);
    }

    @Test
    void aReasonIsRequiredOneLineAndShortAndNothingIsSentWithoutOne() {
        MockProducer<String, Object> producer = producer(2, true);
        FleetCommands fleet = fleet(producer, registry);
        for (String bad : new String[] {null, "", "   ", "two\nlines", "x".repeat(501)}) {
            assertThatThrownBy(() -> fleet.publish(CommandType.STOP, bad, "a")).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"reason\"");
        }
        assertThat(fleet.publish(CommandType.STOP, "x".repeat(500), "a").partitionsWritten()).isEqualTo(2);
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void onlyStopAndResumeGoToTheFleet() {
        assertThatThrownBy(() -> FleetCommands.command(CommandType.APPLY, "r", NOW, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only stop and resume");
        assertThatThrownBy(() -> FleetCommands.command(CommandType.REVERT, "r", NOW, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPartitionThatDoesNotAcknowledgeFailsTheRequestAndSaysWhich() throws Exception {
        MockProducer<String, Object> producer = producer(3, false);
        FleetCommands fleet = fleet(producer, registry);
        Thread broker = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (producer.history().size() < 3 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            producer.completeNext();
            producer.errorNext(new NotLeaderOrFollowerException("partition 1 has no leader"));
            producer.completeNext();
        });
        broker.setDaemon(true);
        broker.start();
        assertThatThrownBy(() -> fleet.publish(CommandType.STOP, "maintenance", "a"))
                .isInstanceOfSatisfying(FleetCommands.NotAcknowledged.class, e -> {
                    assertThat(e.commandId()).startsWith("stop-");
                    assertThat(e.partitionsWritten()).isEqualTo(2);
                    assertThat(e.partitionsFailed()).containsExactly(1);
                    assertThat(e.getMessage()).contains("partitions [1]", "no leader", "send it again");
                });
        broker.join(Duration.ofSeconds(10).toMillis());
        assertThat(registry.counter("analyzer.fleet.commands", "type", "stop", "outcome", "failed").count())
                .isEqualTo(1);
        assertThat(registry.counter("analyzer.fleet.commands", "type", "stop", "outcome", "published").count())
                .isZero();
    }

    @Test
    void aTopicWithoutPartitionsSendsNothing() {
        MockProducer<String, Object> producer = producer(0, true);
        assertThatThrownBy(() -> fleet(producer, registry).publish(CommandType.STOP, "maintenance", "a"))
                .isInstanceOfSatisfying(FleetCommands.NotAcknowledged.class, e -> {
                    assertThat(e.partitionsWritten()).isZero();
                    assertThat(e.getMessage()).contains("has no partitions");
                });
        assertThat(producer.history()).isEmpty();
    }
}
