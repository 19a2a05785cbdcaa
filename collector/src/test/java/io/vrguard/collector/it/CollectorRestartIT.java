package io.vrguard.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireSerde;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.KafkaBrokerProcess;
import io.vrguard.testkit.KernelObjects;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash of the agent, as a power cut or the OOM killer would do it, while Kafka is away: the collector jar at
 * 10 Hz, the broker process stopped, the collector killed with SIGKILL with samples waiting in its spool, started
 * again on the same spool directory (as after a reboot), then the broker returns. Every sequence number arrives
 * exactly once and in order: the spool survived, and numbering continued after the last spooled number without a
 * gap or a repeat.
 */
class CollectorRestartIT {
    private static final String HOST = "vrgc-restart";

    @TempDir
    Path dir;

    @Test
    void aSigkillDuringAnOutageLosesNothingAndNumberingContinuesWithoutGap() throws Exception {
        Path spool = dir.resolve("spool");
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(dir.resolve("kafka"))) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(Topics.SAMPLES, 1, (short) 1))).all().get();
            }
            List<Long> received = new ArrayList<>();
            Process first = start(broker, spool, FreePorts.next(), "first");
            Process second = null;
            try (KafkaConsumer<String, HostSample> consumer = consumer(broker)) {
                TopicPartition tp = new TopicPartition(Topics.SAMPLES, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                poll(consumer, received, () -> received.size() >= 20, Duration.ofSeconds(90));

                broker.stop();
                Thread.sleep(5_000);
                first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, next-seq not written
                long spooledAtKill = spooled(spool);
                System.out.printf("collector SIGKILLed with %d sample(s) in its spool%n", spooledAtKill);
                assertThat(spooledAtKill).as("samples waiting for Kafka at the crash").isGreaterThan(10);

                int port = FreePorts.next();
                second = start(broker, spool, port, "second");
                Thread.sleep(5_000); // the restarted agent spools behind the survivors
                broker.start();
                long lastBefore = received.get(received.size() - 1);
                poll(consumer, received, () -> received.get(received.size() - 1) > lastBefore + spooledAtKill + 30
                        && metricQuietly(port, "collector_spool_depth") <= 2, Duration.ofSeconds(150));
                double published = metric(port, "collector_samples_published_total");
                KernelObjects.stop(second);
                poll(consumer, received, () -> false, Duration.ofSeconds(3));

                TreeSet<Long> distinct = new TreeSet<>(received);
                // what the agent says it took (next-seq, written on its clean stop) and what it still holds
                // "N clean BOOT"
                long taken = Long.parseLong(Files.readString(spool.resolve("next-seq")).strip().split(" ")[0]);
                TreeSet<Long> pending = spooledSeqs(spool);
                long missing = 0;
                for (long seq = 0; seq < taken; seq++) {
                    if (!distinct.contains(seq) && !pending.contains(seq)) {
                        missing++;
                    }
                }
                long duplicated = received.size() - distinct.size();
                System.out.printf("taken %d (seq 0..%d), received %d (seq %d..%d), still spooled %d, missing %d, "
                        + "duplicated %d; spooled at the kill %d, published by the restarted agent %.0f%n", taken,
                        taken - 1, received.size(), distinct.first(), distinct.last(), pending.size(), missing,
                        duplicated, spooledAtKill, published);
                assertThat(distinct.first()).isZero();
                assertThat(distinct.last()).as("nothing received beyond what the agent took").isLessThan(taken);
                assertThat(missing).as("no gap: nothing lost, no number skipped by the crash").isZero();
                assertThat(duplicated).isZero();
                assertThat(received).isSorted();
                assertThat(published).as("the restarted agent sent the survivors and its own samples")
                        .isGreaterThanOrEqualTo(spooledAtKill);
            } finally {
                KernelObjects.stop(first);
                if (second != null) {
                    KernelObjects.stop(second);
                }
            }
        }
    }

    private Process start(KafkaBrokerProcess broker, Path spool, int port, String name) throws IOException {
        return new ProcessBuilder(Harness.java(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                "target/collector.jar", "--interval=100ms", "--host-id=" + HOST, "--spool-dir=" + spool,
                "--server.port=" + port, "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers())
                .redirectErrorStream(true).redirectOutput(dir.resolve("collector-" + name + ".log").toFile()).start();
    }

    /** Sequence numbers of the samples left in the spool (files named by their zero-padded seq). */
    private static TreeSet<Long> spooledSeqs(Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sample"))
                    .map(n -> Long.valueOf(n.substring(0, n.indexOf('.')))).collect(java.util.stream.Collectors
                            .toCollection(TreeSet::new));
        }
    }

    private static long spooled(Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sample")).count();
        }
    }

    private static KafkaConsumer<String, HostSample> consumer(KafkaBrokerProcess broker) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new WireSerde<>(HostSample.class));
    }

    private static void poll(KafkaConsumer<String, HostSample> consumer, List<Long> received, BooleanSupplier done,
            Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                assertThat(record.key()).isEqualTo(HOST);
                received.add(record.value().seq());
            }
            if (!received.isEmpty() && done.getAsBoolean()) {
                return;
            }
        }
        if (done.getAsBoolean() || max.toSeconds() <= 5) {
            return;
        }
        throw new AssertionError("timed out; received " + received.size() + " samples");
    }

    private static double metricQuietly(int port, String name) {
        try {
            return metric(port, name);
        } catch (Exception e) {
            return Double.MAX_VALUE;
        }
    }

    static double metric(int port, String name) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(name + " not in /actuator/prometheus");
        }
        return Double.parseDouble(m.group(2));
    }
}
