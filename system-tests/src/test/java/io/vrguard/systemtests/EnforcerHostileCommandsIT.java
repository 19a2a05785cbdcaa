package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import io.vrguard.testkit.KernelObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Issue #7's hostile-command list against a live enforcer process (its jar, mode enforce) on a real broker: each
 * command is rejected on vrguard.actions with its reason, and the VR's real cgroup files are untouched (values,
 * and no file or directory added anywhere under the test's cgroup tree).
 */
class EnforcerHostileCommandsIT {
    private static final String PREFIX = "vrgx";

    @TempDir
    Path work;

    @BeforeAll
    static void sweep() {
        KernelObjects.requireRoot();
        KernelObjects.sweep(PREFIX);
    }

    private static byte[] signedBy(EnforcementCommand c, String keyId, byte[] secret) {
        return WireJson.encode(CommandSigning.sign(c, keyId, HmacKeyRing.of(Map.of(keyId, secret))));
    }

    private static EnforcementCommand forHost(String id, String host, Instant issued, Instant expires) {
        return new EnforcementCommand(WireSchema.COMMAND, id, host, issued, expires, CommandType.APPLY, "v-" + id,
                "hostile", List.of(EnforcerJar.shares("vr1", "2048")), Map.of());
    }

    @Test
    void everyHostileCommandIsRejectedWithItsReasonAndNothingIsWritten() throws Exception {
        String base = PREFIX + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        Instant now = Instant.now();
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("bad_signature", signedBy(EnforcerJar.command("h-forged", CommandType.APPLY,
                EnforcerJar.shares("vr1", "2048")), EnforcerJar.KEY_ID,
                "an-attacker-secret-of-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)));
        hostile.put("unknown_key", signedBy(EnforcerJar.command("h-key", CommandType.APPLY,
                EnforcerJar.shares("vr1", "2048")), "k9", EnforcerJar.SECRET));
        hostile.put("wrong_host", EnforcerJar.signed(forHost("h-host", "another-host", now,
                now.plusSeconds(600))));
        hostile.put("expired", EnforcerJar.signed(forHost("h-expired", EnforcerJar.HOST, now.minusSeconds(600),
                now.minusSeconds(300))));
        hostile.put("unknown_router", EnforcerJar.signed(EnforcerJar.command("h-vr9", CommandType.APPLY,
                EnforcerJar.shares("vr9", "2048"))));
        hostile.put("invalid_router", EnforcerJar.signed(EnforcerJar.command("h-dots", CommandType.APPLY,
                EnforcerJar.shares("../../vr1", "2048"))));
        hostile.put("invalid_router ", EnforcerJar.signed(EnforcerJar.command("h-abs", CommandType.APPLY,
                EnforcerJar.shares("/sys/fs/cgroup/cpu/" + base + "/vr1", "2048"))));
        hostile.put("unknown_router ", EnforcerJar.signed(EnforcerJar.command("h-ctl", CommandType.APPLY,
                EnforcerJar.shares("cgroup.procs", "2048"))));
        hostile.put("unknown_router  ", EnforcerJar.signed(EnforcerJar.command("h-ctl2", CommandType.APPLY,
                EnforcerJar.shares("cpu.shares", "2048"))));
        hostile.put("out_of_range", EnforcerJar.signed(EnforcerJar.command("h-low", CommandType.APPLY,
                EnforcerJar.shares("vr1", "1"))));
        hostile.put("out_of_range ", EnforcerJar.signed(EnforcerJar.command("h-high", CommandType.APPLY,
                EnforcerJar.shares("vr1", "300000"))));
        hostile.put("step_too_large", EnforcerJar.signed(EnforcerJar.command("h-step", CommandType.APPLY,
                EnforcerJar.shares("vr1", "8192"))));
        byte[] genuine = EnforcerJar.signed(EnforcerJar.command("c-ok", CommandType.APPLY,
                EnforcerJar.shares("vr1", "2048")));

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.COMMANDS, Topics.ACTIONS);
        broker.brokerProperties(Map.of("offsets.topic.num.partitions", "1"));
        broker.afterPropertiesSet();
        KernelObjects kernel = new KernelObjects(PREFIX);
        Path group = kernel.cgroupV1("cpu", base + "/vr1");
        Path top = group.getParent();
        try (ServiceJar enforcer = new EnforcerJar(work, broker.getBrokersAsString(), base + "/vr1").start();
             KafkaProducer<String, byte[]> producer = producer(broker);
             KafkaConsumer<String, byte[]> actions = actions(broker)) {
            List<String> treeBefore = tree(top);
            String quotaBefore = Files.readString(group.resolve("cpu.cfs_quota_us")).strip();
            for (byte[] record : hostile.values()) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, EnforcerJar.HOST, record)).get();
            }
            List<ActionResult> results = await(actions, hostile.size(), enforcer);

            List<String> expected = hostile.keySet().stream().map(String::strip).toList();
            for (int i = 0; i < expected.size(); i++) {
                ActionResult r = results.get(i);
                System.out.printf("%-16s -> %s %s%n", expected.get(i), r.status().wireName(), r.reason());
                assertThat(r.status()).isEqualTo(ActionStatus.REJECTED);
                assertThat(r.reason()).startsWith(expected.get(i) + ":");
                assertThat(r.host()).isEqualTo(EnforcerJar.HOST);
            }
            assertThat(results.subList(0, 2)).as("an unauthenticated record's id is not echoed")
                    .allSatisfy(r -> assertThat(r.commandId()).isNull());
            assertThat(Files.readString(group.resolve("cpu.shares")).strip()).isEqualTo("1024");
            assertThat(Files.readString(group.resolve("cpu.cfs_quota_us")).strip()).isEqualTo(quotaBefore);
            assertThat(tree(top)).as("nothing created under the VR's cgroup tree").isEqualTo(treeBefore);

            producer.send(new ProducerRecord<>(Topics.COMMANDS, EnforcerJar.HOST, genuine)).get();
            producer.send(new ProducerRecord<>(Topics.COMMANDS, EnforcerJar.HOST, genuine)).get();
            List<ActionResult> last = await(actions, 2, enforcer);
            System.out.printf("genuine -> %s; same bytes again -> %s %s%n", last.get(0).status().wireName(),
                    last.get(1).status().wireName(), last.get(1).reason());
            assertThat(last.get(0).status()).isEqualTo(ActionStatus.APPLIED);
            assertThat(last.get(1).status()).isEqualTo(ActionStatus.REJECTED);
            assertThat(last.get(1).reason()).startsWith("replayed:");
            assertThat(Files.readString(group.resolve("cpu.shares")).strip()).isEqualTo("2048");
        } finally {
            kernel.close();
            broker.destroy();
        }
    }

    /**
     * Key rotation without a restart: the running enforcer reads its keys from a key directory. A command under a
     * key it does not have yet is rejected; once the new key's file is in the directory, the same enforcer process
     * applies commands under it; once the old key's file is gone, the old key is refused.
     */
    @Test
    void keysRotateInARunningEnforcerThroughItsKeyDirectory() throws Exception {
        String base = PREFIX + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        byte[] k2 = "vrgx-the-next-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
        Path keys = Files.createDirectories(work.resolve("keys"));
        writeKey(keys, EnforcerJar.KEY_ID, EnforcerJar.SECRET);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.COMMANDS, Topics.ACTIONS);
        broker.brokerProperties(Map.of("offsets.topic.num.partitions", "1"));
        broker.afterPropertiesSet();
        KernelObjects kernel = new KernelObjects(PREFIX);
        Path group = kernel.cgroupV1("cpu", base + "/vr1");
        try (ServiceJar enforcer = new EnforcerJar(work, broker.getBrokersAsString(), base + "/vr1")
                .startWithKeyDir(keys);
             KafkaProducer<String, byte[]> producer = producer(broker);
             KafkaConsumer<String, byte[]> actions = actions(broker)) {
            long pid = enforcer.pid();
            ActionResult early = send(producer, actions, enforcer, signedBy(EnforcerJar.command("r-early",
                    CommandType.APPLY, EnforcerJar.shares("vr1", "2048")), "k2", k2));
            writeKey(keys, "k2", k2);
            ActionResult rotated = send(producer, actions, enforcer, signedBy(EnforcerJar.command("r-new",
                    CommandType.APPLY, EnforcerJar.shares("vr1", "2048")), "k2", k2));
            Files.delete(keys.resolve(EnforcerJar.KEY_ID + ".key"));
            ActionResult retired = send(producer, actions, enforcer, EnforcerJar.signed(EnforcerJar.command("r-old",
                    CommandType.APPLY, EnforcerJar.shares("vr1", "1024"))));
            System.out.printf("k2 before its file -> %s %s; k2 after -> %s; k1 after its file is gone -> %s %s; "
                    + "same process: %s%n", early.status().wireName(), early.reason(), rotated.status().wireName(),
                    retired.status().wireName(), retired.reason(), enforcer.pid() == pid);
            assertThat(early.reason()).startsWith("unknown_key:");
            assertThat(rotated.status()).isEqualTo(ActionStatus.APPLIED);
            assertThat(retired.reason()).startsWith("unknown_key:");
            assertThat(Files.readString(group.resolve("cpu.shares")).strip()).isEqualTo("2048");
            assertThat(enforcer.isAlive()).isTrue();
            assertThat(enforcer.pid()).as("no restart").isEqualTo(pid);
        } finally {
            kernel.close();
            broker.destroy();
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaKraftBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A reader of vrguard.actions from its start. */
    private static KafkaConsumer<String, byte[]> actions(EmbeddedKafkaKraftBroker broker) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.assign(List.of(new TopicPartition(Topics.ACTIONS, 0)));
        return consumer;
    }

    /** An operator's atomic install: a temporary name the directory ignores, then a rename to ID.key. */
    private static void writeKey(Path dir, String id, byte[] secret) throws Exception {
        Path tmp = dir.resolve("." + id + ".tmp");
        Files.writeString(tmp, java.util.Base64.getEncoder().encodeToString(secret));
        Files.move(tmp, dir.resolve(id + ".key"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static ActionResult send(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> actions,
            ServiceJar enforcer, byte[] record) throws Exception {
        producer.send(new ProducerRecord<>(Topics.COMMANDS, EnforcerJar.HOST, record)).get();
        return await(actions, 1, enforcer).get(0);
    }

    private static List<ActionResult> await(KafkaConsumer<String, byte[]> consumer, int n, ServiceJar enforcer) {
        List<ActionResult> got = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .failFast("the enforcer exited", () -> !enforcer.isAlive())
                .until(() -> {
                    consumer.poll(Duration.ofMillis(200))
                            .forEach(r -> got.add(WireJson.decode(r.value(), ActionResult.class)));
                    return got.size() >= n;
                });
        return got;
    }

    /** Every path under the VR's cgroup tree. */
    private static List<String> tree(Path top) throws Exception {
        try (Stream<Path> s = Files.walk(top)) {
            return s.map(Path::toString).sorted().toList();
        }
    }
}
