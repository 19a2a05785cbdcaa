package io.vrguard.enforcer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.enforcer.kafka.CommandLoop;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.enforcer.support.Kernel;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Records on vrguard.commands that are not commands at all (not JSON, truncated, a newer schema version,
 * oversized, empty) each get a rejected result on vrguard.actions and a copy of their bytes on
 * vrguard.commands.dlt with the reason in a header; the command behind them is applied: the consumer never sticks.
 */
class CommandDeadLetterIT {
    private static final Kernel KERNEL = new Kernel();
    private static final String HOST = HostRig.HOST;
    private static EmbeddedKafkaKraftBroker broker;
    private static Path dir;
    private static Path group;

    @BeforeAll
    static void start() throws Exception {
        Kernel.sweep();
        String name = "vrge-dl-" + Kernel.uniqueSuffix();
        group = KERNEL.cgroup(Kernel.CPU_V1, name, "vr1");
        dir = Files.createTempDirectory("vrge-dlt");
        HostRig.inventory(dir, "routers:\n  - {name: vr1, kind: kvm, cgroup: " + name + "/vr1}\n");
        Files.writeString(dir.resolve("k1.key"), "it-secret-of-at-least-thirty-two-bytes!\n");
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.COMMANDS, Topics.ACTIONS,
                Topics.deadLetter(Topics.COMMANDS));
        broker.brokerProperties(Map.of("offsets.topic.num.partitions", "1"));
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            broker.destroy();
        } finally {
            KERNEL.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(String topic, int n,
            org.apache.kafka.common.serialization.Deserializer<V> values) {
        List<ConsumerRecord<String, V>> got = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values)) {
            c.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= n;
            });
        }
        return got;
    }

    @Test
    void recordsThatAreNotCommandsAreDeadLetteredWithTheirReasonAndTheNextCommandIsApplied() throws Exception {
        byte[] good = HostRig.signed(HostRig.command("c-good", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_SHARES, null, "2048", new PolicyBounds(2L, 262144L, false,
                        List.of()))));
        String goodJson = new String(good, StandardCharsets.UTF_8);
        List<byte[]> bad = List.of(
                "not json".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(good, good.length / 2),
                goodJson.replaceFirst("\"schema\":\\s*\\d+", "\"schema\":99").getBytes(StandardCharsets.UTF_8),
                ("{\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                new byte[0]);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(EnforcerApplication.class)
                .web(WebApplicationType.NONE).run(
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--vrguard.enforcer.host-id=" + HOST,
                        "--vrguard.enforcer.mode=enforce",
                        "--vrguard.enforcer.keys[0].id=k1",
                        "--vrguard.enforcer.keys[0].file=" + dir.resolve("k1.key"),
                        "--vrguard.enforcer.state-dir=" + dir.resolve("state"),
                        "--vrguard.enforcer.inventory=" + dir.resolve("inventory.yaml"),
                        "--vrguard.enforcer.poll-timeout=200ms");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (byte[] b : bad) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, HOST, b)).get();
            }
            producer.send(new ProducerRecord<>(Topics.COMMANDS, HOST, good)).get();

            List<ConsumerRecord<String, byte[]>> actions = readAll(Topics.ACTIONS, 6, new ByteArrayDeserializer());
            List<ActionResult> results = actions.stream().map(r -> WireJson.decode(r.value(), ActionResult.class))
                    .toList();
            assertThat(results).extracting(ActionResult::status).containsExactly(ActionStatus.REJECTED,
                    ActionStatus.REJECTED, ActionStatus.REJECTED, ActionStatus.REJECTED, ActionStatus.REJECTED,
                    ActionStatus.APPLIED);
            assertThat(Files.readString(group.resolve("cpu.shares")).strip()).isEqualTo("2048");

            List<ConsumerRecord<String, byte[]>> dead = readAll(Topics.deadLetter(Topics.COMMANDS), 5,
                    new ByteArrayDeserializer());
            assertThat(dead).hasSize(5);
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < bad.size(); i++) {
                ConsumerRecord<String, byte[]> d = dead.get(i);
                assertThat(d.key()).isEqualTo(HOST);
                assertThat(d.value()).as("the original bytes").isEqualTo(bad.get(i));
                assertThat(new String(d.headers().lastHeader(CommandLoop.ORIGIN_HEADER).value(),
                        StandardCharsets.UTF_8)).isEqualTo(Topics.COMMANDS + "-0@" + i);
                reasons.add(new String(d.headers().lastHeader(CommandLoop.REASON_HEADER).value(),
                        StandardCharsets.UTF_8));
            }
            System.out.println("dead-lettered: " + reasons);
            assertThat(reasons).satisfiesExactly(
                    r -> assertThat(r).startsWith("malformed"),
                    r -> assertThat(r).startsWith("malformed"),
                    r -> assertThat(r).startsWith("malformed").contains("99"),
                    r -> assertThat(r).startsWith("oversized"),
                    r -> assertThat(r).startsWith("malformed: empty record"));
        } finally {
            app.close();
        }
    }
}
