package io.vrguard.enforcer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.enforcer.kafka.CommandPartition;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.enforcer.support.Kernel;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole service against a real embedded KRaft broker and a real cgroup: signed commands in, exactly one
 * result per command out on vrguard.actions (key = host id), forged/replayed/undecodable ones rejected with their
 * reason, other hosts' records ignored, offsets committed after the result, and a restart that re-applies nothing
 * and reverts on shutdown.
 */
class EnforcerKafkaIT {
    private static final int PARTITIONS = 3;
    private static final String HOST = HostRig.HOST;
    private static final PolicyBounds BOUNDS = new PolicyBounds(2L, 262144L, false, List.of());
    private static final Kernel KERNEL = new Kernel();
    private static EmbeddedKafkaKraftBroker broker;
    private static Path dir;
    private static Path group;
    private static Path keyFile;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, ActionResult> results;
    private static final List<ActionResult> seen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Kernel.sweep();
        String name = "vrge-kf-" + Kernel.uniqueSuffix();
        group = KERNEL.cgroup(Kernel.CPU_V1, name, "vr1");
        dir = Files.createTempDirectory("vrge-kafka");
        HostRig.inventory(dir, "routers:\n  - {name: vr1, kind: kvm, cgroup: " + name + "/vr1}\n");
        keyFile = dir.resolve("k1.key");
        Files.writeString(keyFile, "it-secret-of-at-least-thirty-two-bytes!\n");
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.COMMANDS, Topics.ACTIONS);
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer());
        results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new WireSerde<>(ActionResult.class));
        results.assign(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(Topics.ACTIONS, p)).toList());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            results.close();
            producer.close();
            broker.destroy();
        } finally {
            KERNEL.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ConfigurableApplicationContext app(boolean revertOnShutdown) {
        return new SpringApplicationBuilder(EnforcerApplication.class).web(WebApplicationType.NONE).run(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--vrguard.enforcer.host-id=" + HOST,
                "--vrguard.enforcer.mode=enforce",
                "--vrguard.enforcer.keys[0].id=k1",
                "--vrguard.enforcer.keys[0].file=" + keyFile,
                "--vrguard.enforcer.state-dir=" + dir.resolve("state"),
                "--vrguard.enforcer.inventory=" + dir.resolve("inventory.yaml"),
                "--vrguard.enforcer.stop-flag=" + dir.resolve("stop.flag"),
                "--vrguard.enforcer.cooldown=0s",
                "--vrguard.enforcer.poll-timeout=200ms",
                "--vrguard.enforcer.revert-on-shutdown=" + revertOnShutdown);
    }

    private static EnforcementCommand apply(String id, String shares) {
        return HostRig.command(id, CommandType.APPLY, new SettingChange("vr1", Setting.CPU_SHARES, null, shares,
                BOUNDS));
    }

    private static void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.COMMANDS, key, value)).get();
    }

    private static void sendToOurPartition(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.COMMANDS, CommandPartition.of(HOST, PARTITIONS), key, value)).get();
    }

    private static List<ActionResult> awaitResults(int total) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            results.poll(Duration.ofMillis(200)).forEach(r -> {
                assertThat(r.key()).isEqualTo(HOST);
                seen.add(r.value());
            });
            return seen.size() >= total;
        });
        return List.copyOf(seen);
    }

    private static String shares() throws Exception {
        return Files.readString(group.resolve("cpu.shares")).strip();
    }

    @Test
    void commandsFlowThroughTheBrokerAndSurviveARestart() throws Exception {
        byte[] c1 = HostRig.signed(apply("c1", "2048"));
        byte[] forged = WireJson.encode(CommandSigning.sign(apply("c-forged", "262144"), "k1", HmacKeyRing.of(
                Map.of("k1", "an-attacker-secret-thirty-two-bytes-long".getBytes(StandardCharsets.UTF_8)))));
        ConfigurableApplicationContext app = app(false);
        try {
            send(HOST, c1);
            send(HOST, forged);
            send(HOST, c1); // replayed
            sendToOurPartition("another-host", HostRig.signed(apply("c-other", "4096")));
            send(HOST, "not json".getBytes(StandardCharsets.UTF_8));

            List<ActionResult> got = awaitResults(4);
            assertThat(got).extracting(ActionResult::status, ActionResult::reason).satisfiesExactly(
                    r -> assertThat(r.toList()).containsExactly(ActionStatus.APPLIED, null),
                    r -> assertThat((String) r.toList().get(1)).startsWith("bad_signature"),
                    r -> assertThat((String) r.toList().get(1)).startsWith("replayed"),
                    r -> assertThat((String) r.toList().get(1)).startsWith("malformed"));
            assertThat(got.get(0).changes()).singleElement().satisfies(c -> {
                assertThat(c.before()).isEqualTo("1024");
                assertThat(c.after()).isEqualTo("2048");
            });
            assertThat(shares()).isEqualTo("2048");

            MeterRegistry registry = app.getBean(MeterRegistry.class);
            assertThat(registry.counter("enforcer.commands.rejected", "reason", "bad_signature").count()).isEqualTo(1);
            assertThat(registry.counter("enforcer.commands.rejected", "reason", "replayed").count()).isEqualTo(1);
            assertThat(registry.counter("enforcer.commands.ignored").count()).isEqualTo(1);
            awaitCommitted(5);
        } finally {
            app.close();
        }

        ConfigurableApplicationContext restarted = app(true);
        try {
            send(HOST, HostRig.signed(apply("c2", "4096")));
            List<ActionResult> got = awaitResults(5);
            assertThat(got.get(4).commandId()).as("nothing before c2 is answered again").isEqualTo("c2");
            assertThat(got.get(4).changes()).singleElement().satisfies(c -> assertThat(c.before()).isEqualTo("2048"));
            assertThat(shares()).isEqualTo("4096");
        } finally {
            restarted.close();
        }
        List<ActionResult> got = awaitResults(6);
        assertThat(got.get(5).status()).isEqualTo(ActionStatus.REVERTED);
        assertThat(got.get(5).reason()).isEqualTo("revert on shutdown");
        assertThat(shares()).isEqualTo("1024");
    }

    private static void awaitCommitted(long offset) {
        TopicPartition ours = new TopicPartition(Topics.COMMANDS, CommandPartition.of(HOST, PARTITIONS));
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.doWithAdminFunction(admin -> {
            try {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("vrguard-enforcer-" + HOST)
                        .partitionsToOffsetAndMetadata().get().get(ours);
                return committed != null && committed.offset() == offset;
            } catch (Exception e) {
                return false;
            }
        }));
    }
}
