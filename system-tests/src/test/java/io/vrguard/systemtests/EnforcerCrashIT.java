package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.testkit.KafkaBrokerProcess;
import io.vrguard.testkit.KernelObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7: the enforcer crashes between applying a command and reporting it. Real faults only, no hook in the
 * enforcer: the broker loses vrguard.actions (the topic is deleted, and this broker does not auto-create topics),
 * so the enforcer applies the command
 * to the real cgroup and then cannot publish its result; it is then SIGKILLed, the broker process is SIGKILLed
 * too, and both are restarted with the topic back. Afterwards: the command was not applied twice, its
 * result is on vrguard.actions exactly once (the one recorded before the crash), and revert restores the original.
 */
class EnforcerCrashIT {
    private static final String PREFIX = "vrgx";

    @TempDir
    Path work;

    @BeforeAll
    static void sweep() {
        KernelObjects.requireRoot();
        KernelObjects.sweep(PREFIX);
    }

    @Test
    void aCrashBetweenApplyingAndReportingAppliesOnceReportsOnceAndRevertStillWorks() throws Exception {
        String base = PREFIX + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        KernelObjects kernel = new KernelObjects(PREFIX);
        Path group = kernel.cgroupV1("cpu", base + "/vr1");
        KafkaBrokerProcess broker = new KafkaBrokerProcess(work.resolve("broker"));
        ServiceJar enforcer = null;
        try {
            Files.writeString(work.resolve("broker/server.properties"), "auto.create.topics.enable=false\n",
                    java.nio.file.StandardOpenOption.APPEND);
            broker.start();
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(Topics.COMMANDS, 1, (short) 1),
                        new NewTopic(Topics.ACTIONS, 1, (short) 1))).all().get();
            }
            EnforcerJar jar = new EnforcerJar(work, bootstrap, base + "/vr1");
            enforcer = jar.start();
            send(bootstrap, EnforcerJar.signed(EnforcerJar.command("c0", CommandType.APPLY,
                    EnforcerJar.shares("vr1", "1536"))));
            assertThat(results(bootstrap, 1, enforcer)).extracting(ActionResult::status)
                    .containsExactly(ActionStatus.APPLIED);

            actionsTopic(bootstrap, false); // the fault: results have nowhere to go
            send(bootstrap, EnforcerJar.signed(EnforcerJar.command("c1", CommandType.APPLY,
                    EnforcerJar.shares("vr1", "3072"))));
            Path log = enforcer.log();
            try {
                Awaitility.await("c1 applied, its result refused by the broker").atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> Files.readString(log).contains("cannot publish result of command c1"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("enforcer log:\n" + enforcer.logTail(80), e);
            }
            assertThat(Files.readString(group.resolve("cpu.shares")).strip()).isEqualTo("3072");

            enforcer.kill();                // SIGKILL between applying and reporting
            sigkill(broker, work.resolve("broker")); // and the broker process with it
            // An operator changes the value by hand meanwhile: a second application of c1 would overwrite it.
            Files.writeString(group.resolve("cpu.shares"), "3000");
            broker.start();
            actionsTopic(bootstrap, true);
            enforcer = jar.start();

            results(bootstrap, 1, enforcer);
            Thread.sleep(3000); // a duplicate would arrive right behind the first answer
            List<ActionResult> all = results(bootstrap, 1, enforcer);
            List<ActionResult> c1 = all.stream().filter(r -> "c1".equals(r.commandId())).toList();
            System.out.printf("results on the new vrguard.actions: %d (c1: sent 1, results %d, missing %d, "
                    + "duplicated %d); cpu.shares now %s%n", all.size(), c1.size(), c1.isEmpty() ? 1 : 0,
                    Math.max(0, c1.size() - 1), Files.readString(group.resolve("cpu.shares")).strip());
            assertThat(c1).as("published exactly once").hasSize(1);
            assertThat(c1.get(0).status()).isEqualTo(ActionStatus.APPLIED);
            assertThat(c1.get(0).changes()).singleElement().satisfies(c -> {
                assertThat(c.before()).isEqualTo("1536");
                assertThat(c.after()).isEqualTo("3072");
            });
            assertThat(Files.readString(group.resolve("cpu.shares")).strip())
                    .as("c1 was not applied a second time").isEqualTo("3000");

            send(bootstrap, EnforcerJar.signed(EnforcerJar.command("c2", CommandType.REVERT)));
            List<ActionResult> after = results(bootstrap, all.size() + 1, enforcer);
            assertThat(after.get(after.size() - 1).status()).isEqualTo(ActionStatus.REVERTED);
            assertThat(Files.readString(group.resolve("cpu.shares")).strip())
                    .as("the original from before the first change").isEqualTo("1024");
        } finally {
            if (enforcer != null) {
                enforcer.close();
            }
            broker.close();
            kernel.close();
        }
    }

    private static void send(String bootstrap, byte[] record) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.COMMANDS, EnforcerJar.HOST, record)).get();
        }
    }

    /** Every result on vrguard.actions, once at least {@code n} are there. */
    private static List<ActionResult> results(String bootstrap, int n, ServiceJar enforcer) {
        List<ActionResult> got = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.ACTIONS, 0);
            c.assign(List.of(tp));
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .failFast("the enforcer exited", () -> !enforcer.isAlive())
                    .until(() -> {
                        c.poll(Duration.ofMillis(200)).forEach(r -> got.add(WireJson.decode(r.value(),
                                ActionResult.class)));
                        return got.size() >= n && c.position(tp) >= c.endOffsets(List.of(tp)).get(tp);
                    });
        }
        return got;
    }

    private static void actionsTopic(String bootstrap, boolean exists) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (exists) {
                admin.createTopics(List.of(new NewTopic(Topics.ACTIONS, 1, (short) 1))).all().get();
            } else {
                admin.deleteTopics(List.of(Topics.ACTIONS)).all().get();
            }
        }
    }

    /** SIGKILL of the broker JVM this test started (testkit's stop() is a controlled shutdown). */
    private static void sigkill(KafkaBrokerProcess broker, Path dir) {
        String config = dir.resolve("server.properties").toString();
        ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("kafka.Kafka"))
                .filter(p -> p.info().commandLine().orElse("").contains(config))
                .forEach(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
        broker.stop(); // forgets the dead process
    }
}
