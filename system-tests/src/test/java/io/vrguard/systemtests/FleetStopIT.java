package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.InfluxServer;
import io.vrguard.testkit.KernelObjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The fleet-wide stop end to end, on a real broker with the analyzer's and the enforcer's jars: {@code POST
 * /api/fleet/stop} (bearer token, API auth on) signs one stop addressed to every host ({@code *}) and writes it
 * to every partition of vrguard.commands; the enforcer, which reads only its own host's partition, applies it,
 * answers it once under its host id and reports {@code enforcer.stopped} 1; a signed apply for its host is then
 * refused ({@code stopped}) and the real cgroup keeps its value; {@code POST /api/fleet/resume} lifts the stop and
 * the next apply is written to the cgroup.
 */
class FleetStopIT {
    private static final String PREFIX = "vrgx";
    private static final int PARTITIONS = 4;
    private static final String TOKEN = "vrgx-fleet-stop-api-token-of-enough-length";
    private static final HmacKeyRing ANALYZER_KEY = HmacKeyRing.of(Map.of(AnalyzerJar.SIGNING_KEY_ID,
            Base64.getDecoder().decode(AnalyzerJar.SIGNING_KEY)));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private final List<ActionResult> results = new ArrayList<>();

    /** The analyzer's answer to a fleet request. */
    record Accepted(String commandId, String type, String host, String reason, String expiresAt,
            int partitionsWritten) {
    }

    @BeforeAll
    static void sweep() {
        KernelObjects.requireRoot();
        KernelObjects.sweep(PREFIX);
    }

    @Test
    void aFleetStopFromTheAnalyzerHaltsTheEnforcersWritesUntilTheFleetResume() throws Exception {
        String base = PREFIX + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.COMMANDS,
                Topics.ACTIONS);
        broker.brokerProperties(Map.of("offsets.topic.num.partitions", "1"));
        broker.afterPropertiesSet();
        String bootstrap = broker.getBrokersAsString();
        KernelObjects kernel = new KernelObjects(PREFIX);
        Path group = kernel.cgroupV1("cpu", base + "/vr1");
        // the enforcer knows the analyzer's signing key (for the fleet commands) and the test's own (for applies)
        Path keys = Files.createDirectories(work.resolve("keys"));
        Files.writeString(keys.resolve(AnalyzerJar.SIGNING_KEY_ID + ".key"), AnalyzerJar.SIGNING_KEY);
        Files.writeString(keys.resolve(EnforcerJar.KEY_ID + ".key"),
                Base64.getEncoder().encodeToString(EnforcerJar.SECRET));
        Path token = Files.writeString(work.resolve("api-token"), TOKEN + "\n");
        int api = FreePorts.next();
        int management = FreePorts.next();
        EnforcerJar jar = new EnforcerJar(work, bootstrap, base + "/vr1");
        try (InfluxServer influx = InfluxServer.start();
             ServiceJar analyzer = AnalyzerJar.start("analyzer", work, bootstrap, influx.url(), api, management,
                     List.of("--vrguard.analyzer.kafka.partitions=" + PARTITIONS,
                             "--vrguard.analyzer.api.auth=true",
                             "--vrguard.analyzer.api.token-file=" + token));
             ServiceJar enforcer = jar.startWithKeyDir(keys,
                     List.of("--vrguard.enforcer.stop-flag=" + work.resolve("enforcer.stop")));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                     new ByteArraySerializer());
             KafkaConsumer<String, byte[]> actions = consumer(bootstrap, Topics.ACTIONS);
             KafkaConsumer<String, byte[]> commands = consumer(bootstrap, Topics.COMMANDS)) {
            Prometheus enforcerMetrics = new Prometheus(jar.port());
            Prometheus analyzerMetrics = new Prometheus(management);
            awaitUp(analyzer, management);
            awaitUp(enforcer, jar.port());
            assertThat(enforcerMetrics.sum("enforcer_stopped")).as("not stopped before").isZero();

            assertThat(post(api, "/api/fleet/stop", "{\"reason\": \"no token\"}", null).statusCode())
                    .as("API auth on: no token, no stop").isEqualTo(401);
            HttpResponse<String> noReason = post(api, "/api/fleet/stop", "{}", TOKEN);
            assertThat(noReason.statusCode()).isEqualTo(400);
            assertThat(noReason.body()).contains("\\\"reason\\\"");

            // stop: one signed command for every host, on every partition, answered once by this host
            Accepted stop = accepted(post(api, "/api/fleet/stop", "{\"reason\": \"vrgx fleet stop test\"}", TOKEN));
            assertThat(stop.commandId()).startsWith("stop-");
            assertThat(stop.host()).isEqualTo("*");
            assertThat(stop.partitionsWritten()).isEqualTo(PARTITIONS);
            List<ConsumerRecord<String, byte[]>> copies = new ArrayList<>();
            await("a copy of the stop on every partition", enforcer, () -> {
                commands.poll(Duration.ofMillis(200)).forEach(copies::add);
                return copies.size() >= PARTITIONS;
            });
            assertThat(copies).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(
                    IntStream.range(0, PARTITIONS).boxed().toArray(Integer[]::new));
            assertThat(copies).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo("*");
                EnforcementCommand c = CommandSigning.verify(WireJson.decode(r.value(), SignedCommand.class),
                        ANALYZER_KEY);
                assertThat(c.id()).isEqualTo(stop.commandId());
                assertThat(c.host()).isEqualTo("*");
                assertThat(c.type()).isEqualTo(CommandType.STOP);
                assertThat(c.reason()).isEqualTo("vrgx fleet stop test");
            });
            ActionResult stopped = awaitResult(actions, enforcer, stop.commandId());
            assertThat(stopped.status()).as(enforcer.logTail(30)).isEqualTo(ActionStatus.APPLIED);
            assertThat(stopped.host()).isEqualTo(EnforcerJar.HOST);
            assertThat(stopped.reason()).startsWith("fleet stop on");
            await("enforcer.stopped = 1", enforcer, () -> enforcerMetrics.sum("enforcer_stopped") == 1);

            // a signed apply for this host: refused, and the kernel keeps its value
            String before = shares(group);
            ActionResult refused = send(producer, actions, enforcer, "c-stopped", "2048");
            assertThat(refused.status()).isEqualTo(ActionStatus.REJECTED);
            assertThat(refused.reason()).startsWith("stopped: ");
            assertThat(shares(group)).as("nothing written while stopped").isEqualTo(before).isEqualTo("1024");

            // resume: the next apply is written
            Accepted resume = accepted(post(api, "/api/fleet/resume", "{\"reason\": \"vrgx test done\"}", TOKEN));
            assertThat(resume.commandId()).startsWith("resume-");
            assertThat(resume.partitionsWritten()).isEqualTo(PARTITIONS);
            ActionResult resumed = awaitResult(actions, enforcer, resume.commandId());
            assertThat(resumed.status()).isEqualTo(ActionStatus.APPLIED);
            assertThat(resumed.reason()).startsWith("fleet stop lifted");
            await("enforcer.stopped = 0", enforcer, () -> enforcerMetrics.sum("enforcer_stopped") == 0);
            ActionResult applied = send(producer, actions, enforcer, "c-resumed", "2048");
            assertThat(applied.status()).as(enforcer.logTail(30)).isEqualTo(ActionStatus.APPLIED);
            assertThat(shares(group)).isEqualTo("2048");

            assertThat(results.stream().filter(r -> stop.commandId().equals(r.commandId())))
                    .as("the stop was answered once, though every partition carries it").hasSize(1);
            assertThat(results.stream().filter(r -> resume.commandId().equals(r.commandId()))).hasSize(1);
            assertThat(analyzerMetrics.sum("analyzer_fleet_commands_total", "outcome=\"published\"")).isEqualTo(2);
            System.out.printf("fleet stop %s on %d partitions -> %s; apply while stopped -> %s; resume -> %s;"
                    + " apply after -> %s, cpu.shares %s%n", stop.commandId(), stop.partitionsWritten(),
                    stopped.status().wireName(), refused.reason(), resumed.status().wireName(),
                    applied.status().wireName(), shares(group));
        } finally {
            kernel.close();
            broker.destroy();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        c.assign(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList());
        return c;
    }

    private static String shares(Path group) throws Exception {
        return Files.readString(group.resolve("cpu.shares")).strip();
    }

    private static void await(String what, ServiceJar service, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .failFast(service + " exited", () -> !service.isAlive()).until(condition);
    }

    /** Up: its actuator health says UP (a few minutes at most on a loaded 2-core machine). */
    private static void awaitUp(ServiceJar service, int port) {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(20)).build();
        Awaitility.await(service + " healthy").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().failFast(service + " exited", () -> !service.isAlive())
                .until(() -> HTTP.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("UP"));
    }

    private static HttpResponse<String> post(int port, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Accepted accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return WireJson.mapper().readValue(response.body(), Accepted.class);
    }

    private ActionResult send(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> actions,
            ServiceJar enforcer, String id, String shares) throws Exception {
        producer.send(new ProducerRecord<>(Topics.COMMANDS, EnforcerJar.HOST, EnforcerJar.signed(EnforcerJar.command(
                id, CommandType.APPLY, EnforcerJar.shares("vr1", shares))))).get();
        return awaitResult(actions, enforcer, id);
    }

    /** The result for {@code commandId} on vrguard.actions; every result read is kept in {@link #results}. */
    private ActionResult awaitResult(KafkaConsumer<String, byte[]> actions, ServiceJar enforcer, String commandId) {
        await("the result of " + commandId, enforcer, () -> {
            for (ConsumerRecord<String, byte[]> r : actions.poll(Duration.ofMillis(200))) {
                assertThat(r.key()).as("results are keyed with the host id").isEqualTo(EnforcerJar.HOST);
                results.add(WireJson.decode(r.value(), ActionResult.class));
            }
            return results.stream().anyMatch(r -> commandId.equals(r.commandId()));
        });
        return results.stream().filter(r -> commandId.equals(r.commandId())).findFirst().orElseThrow();
    }
}
