package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.InfluxServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Malformed, truncated, wrongly versioned, oversized and empty records on {@code vrguard.samples} and
 * {@code vrguard.slas} (topics that allow 4 MiB records, as an operator may configure them), between good ones, read
 * by the analyzer jar: each bad record lands on the topic's dead-letter topic with its reason in a header and is
 * counted by reason; the good records after them are used, so neither consumer sticks.
 */
class DeadLetterIT {
    private static final String HOST = "vrgf-dlt";
    private static final int BIG = 4 * 1024 * 1024;
    private static final String REASON = "vrguard-reason";

    @TempDir
    Path dir;

    @Test
    void badRecordsGoToTheDeadLetterTopicsWithTheirReasonAndNothingSticks() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        int http = FreePorts.next();
        int management = FreePorts.next();
        try (InfluxServer influx = InfluxServer.start();
             StoredHealth stored = new StoredHealth(influx.url(), AnalyzerJar.DATABASE);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                     ProducerConfig.MAX_REQUEST_SIZE_CONFIG, BIG), new StringSerializer(),
                     new ByteArraySerializer())) {
            admin.createTopics(List.of(
                    new NewTopic(Topics.SAMPLES, 1, (short) 1).configs(Map.of("max.message.bytes", "" + BIG)),
                    new NewTopic(Topics.SLAS, 1, (short) 1).configs(Map.of("max.message.bytes", "" + BIG,
                            "cleanup.policy", "compact")))).all().get();

            byte[] good = recorded();
            Map<String, byte[]> badSamples = new LinkedHashMap<>();
            badSamples.put("malformed", bytes("{not json at all"));
            badSamples.put("truncated", java.util.Arrays.copyOf(sample(2), sample(2).length / 2));
            badSamples.put("unsupported_version", bytes(new String(sample(2), StandardCharsets.UTF_8)
                    .replace("\"schema\":1", "\"schema\":99")));
            badSamples.put("oversized", padded(sample(2), 2 * 1024 * 1024));
            badSamples.put("empty", new byte[0]);
            send(producer, Topics.SAMPLES, HOST, sample(1));
            badSamples.values().forEach(v -> send(producer, Topics.SAMPLES, HOST, v));
            send(producer, Topics.SAMPLES, HOST, null); // a tombstone: also empty
            send(producer, Topics.SAMPLES, HOST, sample(2));
            send(producer, Topics.SAMPLES, HOST, sample(3));

            Map<String, byte[]> badPolicies = new LinkedHashMap<>();
            badPolicies.put("malformed", bytes("scope: fleet"));
            badPolicies.put("truncated", bytes("{\"scope\":\"fleet\",\"tolera"));
            badPolicies.put("unsupported_version", bytes("{\"schema\":9,\"scope\":\"fleet\",\"tolerance\":0.5}"));
            badPolicies.put("oversized", padded(bytes("{\"scope\":\"fleet\",\"tolerance\":0.5}"), 2 * 1024 * 1024));
            badPolicies.put("invalid", bytes("{\"scope\":\"fleet\",\"tolerance\":7}"));
            badPolicies.forEach((kind, v) -> send(producer, Topics.SLAS, "fleet", v));
            send(producer, Topics.SLAS, "vr:*/vr1", bytes("{\"scope\":\"vr:*/vr2\",\"guaranteeKpps\":1}")); // key ≠ scope
            send(producer, Topics.SLAS, "vr:*/vr9", bytes("{\"scope\":\"vr:*/vr9\",\"guaranteeKpps\":123}"));
            producer.flush();

            try (ServiceJar analyzer = AnalyzerJar.start("analyzer", dir, broker.getBrokersAsString(), influx.url(),
                    http, management, List.of("--vrguard.analyzer.kafka.partitions=1"))) {
                Prometheus metrics = new Prometheus(management);
                try {
                    await("the good samples after the bad ones stored").atMost(Duration.ofSeconds(300))
                            .pollInterval(Duration.ofSeconds(1)).failFast("the analyzer exited", () -> !analyzer.isAlive())
                            .until(() -> stored.seqs(HOST).size() >= 3);
                } catch (RuntimeException e) {
                    throw new AssertionError("stored " + stored.seqs(HOST) + "; analyzer log:\n"
                            + analyzer.logTail(40), e);
                }
                await("the good policy after the bad ones applied").atMost(Duration.ofSeconds(30))
                        .until(() -> get(http, "/api/policies/vr/*/vr9").contains("123"));

                List<ConsumerRecord<String, byte[]>> samplesDlt = read(broker, Topics.deadLetter(Topics.SAMPLES), 6);
                List<ConsumerRecord<String, byte[]>> slasDlt = read(broker, Topics.deadLetter(Topics.SLAS), 6);
                System.out.printf("samples: sent 3 good + 6 bad; stored %s; dead-lettered %d, missing %d, duplicated "
                        + "%d %s%n", stored.seqs(HOST), samplesDlt.size(), Math.max(0, 6 - samplesDlt.size()),
                        Math.max(0, samplesDlt.size() - 6), counts(metrics, "analyzer_samples_dead_lettered_total"));
                System.out.printf("policies: sent 1 good + 6 bad; dead-lettered %d, missing %d, duplicated %d %s%n",
                        slasDlt.size(), Math.max(0, 6 - slasDlt.size()), Math.max(0, slasDlt.size() - 6),
                        counts(metrics, "analyzer_slas_dead_lettered_total"));
                samplesDlt.forEach(r -> System.out.printf("  %s <- %d bytes: %s%n", r.topic(),
                        r.value() == null ? 0 : r.value().length, header(r, REASON)));
                slasDlt.forEach(r -> System.out.printf("  %s <- %d bytes: %s%n", r.topic(),
                        r.value() == null ? 0 : r.value().length, header(r, REASON)));

                assertThat(stored.seqs(HOST)).containsExactly(1L, 2L, 3L);
                assertThat(samplesDlt).hasSize(6).allSatisfy(r -> assertThat(header(r, REASON)).isNotBlank());
                assertThat(samplesDlt).extracting(r -> header(r, REASON)).satisfiesExactly(
                        m -> assertThat(m).contains("malformed HostSample"),
                        m -> assertThat(m).contains("end-of-input"),
                        m -> assertThat(m).contains("schema version 99"),
                        m -> assertThat(m).contains("exceeds the limit"),
                        m -> assertThat(m).contains("empty"),
                        m -> assertThat(m).contains("empty"));
                ConsumerRecord<String, byte[]> oversized = samplesDlt.get(3);
                assertThat(header(oversized, "vrguard-original-bytes"))
                        .isEqualTo(String.valueOf(badSamples.get("oversized").length));
                assertThat(oversized.value()).hasSize(64 * 1024);
                assertThat(samplesDlt.get(0).value()).isEqualTo(badSamples.get("malformed"));
                for (String reason : List.of("malformed", "truncated", "unsupported_version", "oversized")) {
                    assertThat(metrics.sum("analyzer_samples_dead_lettered_total", "reason=\"" + reason + "\""))
                            .as(reason).isEqualTo(1);
                }
                assertThat(metrics.sum("analyzer_samples_dead_lettered_total", "reason=\"empty\"")).isEqualTo(2);

                assertThat(slasDlt).extracting(r -> header(r, REASON)).satisfiesExactly(
                        m -> assertThat(m).contains("malformed PolicyRule"),
                        m -> assertThat(m).contains("end-of-input"),
                        m -> assertThat(m).contains("schema version 9"),
                        m -> assertThat(m).contains("exceeds the limit"),
                        m -> assertThat(m).contains("tolerance"),
                        m -> assertThat(m).contains("is not its scope"));
                assertThat(metrics.sum("analyzer_slas_dead_lettered_total")).isEqualTo(6);
                assertThat(metrics.sum("analyzer_slas_dead_lettered_total", "reason=\"invalid\"")).isEqualTo(2);
                assertThat(get(http, "/api/policies/fleet")).as("no bad fleet rule applied").doesNotContain("0.5");
            }
        } finally {
            broker.destroy();
        }
    }

    private static byte[] recorded() throws IOException {
        try (InputStream in = DeadLetterIT.class.getResourceAsStream("/recorded/with-shares-row4.json")) {
            return in.readAllBytes();
        }
    }

    private byte[] sample(long seq) {
        try {
            HostSample t = WireJson.decode(recorded(), HostSample.class);
            return WireJson.encode(new HostSample(t.schema(), HOST, seq, Instant.parse("2026-11-22T00:00:00Z")
                    .plusSeconds(seq), 1000, 1000, t.cpus(), t.routers(), t.problems()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid record followed by whitespace up to {@code size}: only its size is wrong. */
    private static byte[] padded(byte[] record, int size) {
        byte[] out = new byte[size];
        java.util.Arrays.fill(out, (byte) ' ');
        System.arraycopy(record, 0, out, 0, record.length);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic + ": " + e, e);
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String counts(Prometheus metrics, String name) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String reason : List.of("malformed", "truncated", "unsupported_version", "oversized", "empty",
                "invalid")) {
            double n = metrics.sum(name, "reason=\"" + reason + "\"");
            if (n > 0) {
                out.put(reason, Math.round(n));
            }
        }
        return out.toString();
    }

    private static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafkaKraftBroker broker, String topic,
            int expected) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(out::add); // anything more would be a duplicate
        }
        return out;
    }

    private static String get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
