package io.vrguard.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireSerde;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.KafkaBrokerProcess;
import io.vrguard.testkit.KernelObjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector (the real jar, as a process) samples at 10 Hz while its broker (a real KRaft broker process) is
 * stopped for 30 s. After the broker returns, every sequence number arrives exactly once and in order.
 */
class KafkaOutageIT {
    private static final String HOST = "vrgc-outage";

    @TempDir
    Path dir;

    @Test
    void everySampleArrivesExactlyOnceAndInOrderAcrossA30SecondOutage() throws Exception {
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(dir.resolve("kafka"))) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(Topics.SAMPLES, 1, (short) 1))).all().get();
            }
            int httpPort = FreePorts.next();
            Process collector = new ProcessBuilder(Harness.java(), "-Xmx64m", "-XX:+UseSerialGC", "-jar",
                    "target/collector.jar", "--interval=100ms", "--host-id=" + HOST,
                    "--spool-dir=" + dir.resolve("spool"), "--server.port=" + httpPort,
                    "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("collector.log").toFile()).start();
            List<Long> received = new ArrayList<>();
            try (KafkaConsumer<String, HostSample> consumer = consumer(broker)) {
                TopicPartition tp = new TopicPartition(Topics.SAMPLES, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                pollUntil(consumer, received, () -> received.size() >= 30, Duration.ofSeconds(90));

                broker.stop();
                long outageStart = System.nanoTime();
                Thread.sleep(30_000);
                double spooledDuringOutage = metric(httpPort, "collector_spool_depth");
                double syncs = metric(httpPort, "collector_spool_syncs_total");
                broker.start();
                System.out.printf("broker stopped for %.1f s (30 s + its restart), spool depth before restart %.0f,"
                        + " forced to disk %.0f times%n", (System.nanoTime() - outageStart) / 1e9,
                        spooledDuringOutage, syncs);
                assertThat(spooledDuringOutage).isGreaterThan(200);
                assertThat(syncs).as("waiting samples forced to disk about once a second").isBetween(20.0, 40.0);

                long lastBefore = received.get(received.size() - 1);
                pollUntil(consumer, received, () -> received.get(received.size() - 1) > lastBefore + 350
                        && metricQuietly(httpPort, "collector_spool_depth") <= 2, Duration.ofSeconds(120));
                double published = metric(httpPort, "collector_samples_published_total");
                double taken = metric(httpPort, "collector_samples_taken_total");
                double dropped = metric(httpPort, "collector_spool_dropped_total");
                KernelObjects.stop(collector);
                pollUntil(consumer, received, () -> false, Duration.ofSeconds(3));

                TreeSet<Long> distinct = new TreeSet<>(received);
                long first = distinct.first();
                long last = distinct.last();
                long missing = (last - first + 1) - distinct.size();
                long duplicated = received.size() - distinct.size();
                System.out.printf("taken %.0f, sent (acknowledged) %.0f, received %d (seq %d..%d), missing %d, "
                        + "duplicated %d, spool dropped %.0f%n", taken, published, received.size(), first, last,
                        missing, duplicated, dropped);
                assertThat(first).isZero();
                assertThat(missing).isZero();
                assertThat(duplicated).isZero();
                assertThat(received).isSorted();
                assertThat(dropped).isZero();
                assertThat((double) received.size()).isGreaterThanOrEqualTo(published);
            } finally {
                KernelObjects.stop(collector);
            }
        }
    }

    private static KafkaConsumer<String, HostSample> consumer(KafkaBrokerProcess broker) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new WireSerde<>(HostSample.class));
    }

    private static void pollUntil(KafkaConsumer<String, HostSample> consumer, List<Long> received,
            java.util.function.BooleanSupplier done, Duration max) {
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

    private static double metric(int port, String name) throws Exception {
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
