package io.vrguard.analyzer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.analyzer.core.PaperFixtures;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSerde;
import io.vrguard.testkit.InfluxServer;
import io.vrguard.testkit.TopicContents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The analyzer service against a real KRaft broker, a real influxd and a real Alertmanager. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "vrguard.analyzer.kafka.bootstrap-servers")
class AnalyzerIT {
    static final byte[] SECRET = "vrga-test-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);
    static InfluxServer influxd;
    static AlertmanagerServer alertmanager;
    static InfluxDB influxClient;

    @Autowired
    KafkaTemplate<String, Object> template;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    Environment env;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws Exception {
        influxd = InfluxServer.start();
        alertmanager = AlertmanagerServer.start();
        influxClient = InfluxDBFactory.connect(influxd.url());
        registry.add("vrguard.analyzer.influx.url", influxd::url);
        registry.add("vrguard.analyzer.influx.retries", () -> "2");
        registry.add("vrguard.analyzer.alertmanager.url", alertmanager::url);
        registry.add("vrguard.analyzer.kafka.partitions", () -> "2");
        registry.add("vrguard.analyzer.signing.key-id", () -> "k1");
        registry.add("vrguard.analyzer.signing.keys.k1", () -> Base64.getEncoder().encodeToString(SECRET));
        registry.add("vrguard.analyzer.policy-file", () -> "src/test/resources/it/policies.yaml");
    }

    @AfterAll
    static void stop() {
        if (influxClient != null) {
            influxClient.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (influxd != null) {
            influxd.close();
        }
    }

    /** A sample re-timed to now, so the service's stale clock sees it as fresh. */
    static HostSample now(HostSample s, String host, Instant base) {
        return new HostSample(s.schema(), host, s.seq(), base.plusSeconds(s.seq()), s.intervalMs(), s.elapsedMs(),
                s.cpus(), s.routers(), s.problems());
    }

    void send(String host, Object value) throws Exception {
        template.send(Topics.SAMPLES, host, value).get(10, TimeUnit.SECONDS);
    }

    static long count(String query) {
        QueryResult r = influxClient.query(new Query(query, "vrguard"));
        if (r.getResults() == null || r.getResults().get(0).getSeries() == null) {
            return 0;
        }
        return ((Number) r.getResults().get(0).getSeries().get(0).getValues().get(0).get(1)).longValue();
    }

    @Test
    void samplesBecomePointsWithTheSamplesTimestamps() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (long seq = 1; seq <= 3; seq++) {
            send("vrga-points", now(PaperFixtures.withSharesRow(2, seq), "vrga-points", base));
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(deliveredKpps) FROM vr WHERE host='vrga-points'") == 6);
        assertThat(count("SELECT count(busyPercent) FROM cpu WHERE host='vrga-points'")).isEqualTo(6);
        assertThat(count("SELECT count(rxKpps) FROM interface WHERE host='vrga-points'")).isEqualTo(6);
        assertThat(count("SELECT count(seq) FROM host_health WHERE host='vrga-points'")).isEqualTo(3);
        QueryResult first = influxClient.query(new Query("SELECT first(deliveredKpps), guaranteeKpps FROM vr"
                + " WHERE host='vrga-points' AND vr='vr1'", "vrguard"));
        List<Object> row = first.getResults().get(0).getSeries().get(0).getValues().get(0);
        assertThat(Instant.parse((String) row.get(0))).isEqualTo(base.plusSeconds(1));
        assertThat(((Number) row.get(1)).doubleValue()).isEqualTo(800.0);
    }

    @Test
    void starvationYieldsASignedCommandAViolationEventAnAlertAndSlaAccounting() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String host = PaperFixtures.HOST;
        for (long seq = 1; seq <= 6; seq++) {
            send(host, now(PaperFixtures.withoutSharesRow(4, seq), host, base));
        }

        List<ConsumerRecord<String, String>> commands = readUntil(Topics.COMMANDS, 1);
        SignedCommand signed = WireJson.decode(commands.get(0).value(), SignedCommand.class);
        EnforcementCommand cmd = CommandSigning.verify(signed, HmacKeyRing.of(Map.of("k1", SECRET)));
        assertThat(commands.get(0).key()).isEqualTo(host);
        assertThat(signed.keyId()).isEqualTo("k1");
        assertThat(cmd.host()).isEqualTo(host);
        assertThat(cmd.expiresAt()).isAfter(cmd.issuedAt());
        assertThat(cmd.predictedDeliveredKpps()).containsKeys("vr1", "vr2");

        ViolationEvent opened = readUntil(Topics.VIOLATIONS, 1).stream()
                .map(r -> WireJson.decode(r.value(), ViolationEvent.class))
                .filter(e -> e.host().equals(host)).findFirst().orElseThrow();
        assertThat(opened.id()).isEqualTo(cmd.violationId());
        assertThat(opened.victim()).isEqualTo("vr1");
        assertThat(opened.aggressors()).containsExactly("vr2");

        // the enforcer refuses it: the remedy ends, the violation says so, the result is an annotation
        template.send(Topics.ACTIONS, host, new io.vrguard.protocol.ActionResult(1, cmd.id(), host,
                cmd.issuedAt().plusMillis(500), io.vrguard.protocol.ActionStatus.REJECTED, "enforce",
                cmd.violationId(), "shares above the VR's bound", List.of())).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> readUntil(Topics.VIOLATIONS, 1).stream()
                .map(r -> WireJson.decode(r.value(), ViolationEvent.class))
                .anyMatch(e -> e.id().equals(opened.id()) && e.event().equals(ViolationEvent.UPDATED)
                        && e.explanation().contains("shares above the VR's bound")));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(commandId) FROM action WHERE host='kvm-host-1' AND status='rejected'") == 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertmanager.alerts())
                .contains("\"alertname\":\"VrguardIsolationViolation\"", "\"host\":\"kvm-host-1\"",
                        "\"vr\":\"vr1\"", "\"kind\":\"isolation_violation\"", "\"severity\":\"critical\"",
                        "vr2 takes"));

        for (long seq = 7; seq <= 14; seq++) {
            send(host, now(PaperFixtures.withSharesRow(4, seq), host, base));
        }
        ViolationEvent resolved = readUntil(Topics.VIOLATIONS, 2).stream()
                .map(r -> WireJson.decode(r.value(), ViolationEvent.class))
                .filter(e -> e.id().equals(opened.id()) && e.event().equals(ViolationEvent.RESOLVED))
                .findFirst().orElseThrow();
        assertThat(resolved.at()).isAfter(opened.at());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertmanager.alerts())
                .doesNotContain("VrguardIsolationViolation"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(breachSeconds) FROM sla WHERE host='kvm-host-1' AND vr='vr1'") >= 14);
        String sla = get("/api/sla/kvm-host-1/vr1?from=" + base.minusSeconds(60) + "&to=" + base.plusSeconds(60))
                .body();
        // 6 intervals starved, 8 whole: 1 - 6/14 = 57.14 %
        assertThat(sla).contains("\"judgedSeconds\":14.0", "\"breachSeconds\":6.0", "\"compliancePercent\":57.14");
        assertThat(count("SELECT count(text) FROM violation WHERE host='kvm-host-1'")).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(commandId) FROM action WHERE host='kvm-host-1'")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPoisonRecordIsDeadLetteredWithItsReasonAndTheConsumerGoesOn() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        send("vrga-poison", "this is not a host sample".getBytes(StandardCharsets.UTF_8));
        send("vrga-poison", now(PaperFixtures.withSharesRow(1, 1), "vrga-poison", base));

        ConsumerRecord<String, String> dead = readUntil(Topics.deadLetter(Topics.SAMPLES), 1).stream()
                .filter(r -> "vrga-poison".equals(r.key())).findFirst().orElseThrow();
        assertThat(dead.value()).isEqualTo("this is not a host sample");
        Header reason = dead.headers().lastHeader("vrguard-reason");
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("malformed HostSample");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(deliveredKpps) FROM vr WHERE host='vrga-poison'") == 2);
    }

    @Test
    void whileInfluxdIsDownNothingIsCommittedAndAfterItReturnsEveryPointArrives() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        influxd.stop();
        try {
            for (long seq = 1; seq <= 4; seq++) {
                send("vrga-outage", now(PaperFixtures.withSharesRow(1, seq), "vrga-outage", base));
            }
            // down long enough that a wall clock would call the host stale (3 intervals of 1 s + 3 s of grace)
            await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(20))
                    .until(() -> uncommitted() > 0);
        } finally {
            influxd.restart();
        }
        Instant restartedAt = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("SELECT count(deliveredKpps) FROM vr WHERE host='vrga-outage'") == 8);
        await().atMost(Duration.ofSeconds(30)).until(() -> uncommitted() == 0);
        // its samples were waiting for InfluxDB, not missing: no stale alarm from the outage (one after it, once
        // the host has been silent for real, is right)
        assertThat(TopicContents.read(broker.getBrokersAsString(), Topics.VIOLATIONS,
                new WireSerde<>(ViolationEvent.class)).stream()
                .filter(e -> e.host().equals("vrga-outage") && e.at().isBefore(restartedAt)).toList()).isEmpty();
    }

    @Test
    void policiesAreValidatedAndABadOneChangesNothing() throws Exception {
        String before = get("/api/policies").body();
        assertThat(before).contains("\"scope\":\"vr:kvm-host-1/vr1\"", "\"guaranteeKpps\":800.0");

        HttpResponse<String> bad = send("POST", "/api/policies",
                "{\"scope\":\"vr:kvm-host-2/vr9\",\"guaranteeKpps\":-1,\"tolerance\":3}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("guaranteeKpps must be a finite number >= 0", "tolerance must be within");
        HttpResponse<String> typo = send("POST", "/api/policies", "{\"scope\":\"fleet\",\"mode\":\"sometimes\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        HttpResponse<String> noFloor = send("PUT", "/api/policies/host/kvm-host-2", "{\"minQuotaPercent\":0}");
        assertThat(noFloor.statusCode()).isEqualTo(400);
        assertThat(noFloor.body()).contains(
                "minQuotaPercent must be more than 0 and at most 100 (per cent of one CPU), got 0.0");
        assertThat(send("POST", "/api/policies", "{\"scope\":\"vr:*/vr9\",\"minQuotaPercent\":250}").statusCode())
                .isEqualTo(400);
        assertThat(get("/api/policies").body()).isEqualTo(before);

        HttpResponse<String> created = send("POST", "/api/policies",
                "{\"scope\":\"vr:vrga-host/edge\",\"guaranteeKpps\":300,\"mode\":\"advise\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(get("/api/policies/resolved/vrga-host/edge").body()).contains("\"guaranteeKpps\":300.0",
                "\"minQuotaPercent\":10.0");
        assertThat(send("PUT", "/api/policies/vr/vrga-host/edge", "{\"guaranteeKpps\":350}").statusCode())
                .isEqualTo(200);
        assertThat(get("/api/policies/vr/vrga-host/edge").body()).contains("350.0");
        assertThat(send("DELETE", "/api/policies/vr/vrga-host/edge", null).statusCode()).isEqualTo(204);
        assertThat(get("/api/policies/vr/vrga-host/edge").statusCode()).isEqualTo(404);

        List<ConsumerRecord<String, String>> slas = readUntil(Topics.SLAS, 8);
        assertThat(slas).extracting(ConsumerRecord::key).contains("fleet", "vr:vrga-host/edge");
        assertThat(slas.get(slas.size() - 1).value()).as("tombstone").isNull();
    }

    @Test
    void onlyHealthAndPrometheusAreExposed() throws Exception {
        // the actuator has its own port (management.server.port); the API port serves none of it
        String management = "http://127.0.0.1:" + env.getProperty("local.management.port");
        assertThat(getUrl(management + "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(getUrl(management + "/actuator/prometheus").body()).contains("analyzer_samples_analysed");
        assertThat(getUrl(management + "/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> getUrl(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void partitionsMoveToASecondInstanceAndBackWithoutFalseAlarms() throws Exception {
        List<String> hosts = List.of("vrga-rb-a", "vrga-rb-b", "vrga-rb-c", "vrga-rb-d", "vrga-rb-e");
        java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ScheduledExecutorService sender =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        // every host reports once a second, time-stamped now, like real collectors
        sender.scheduleAtFixedRate(() -> {
            long s = seq.incrementAndGet();
            Instant t = Instant.now();
            for (String h : hosts) {
                HostSample row = PaperFixtures.withSharesRow(2, s);
                template.send(Topics.SAMPLES, h, new HostSample(1, h, s, t, 1000, 1000, row.cpus(), row.routers(),
                        List.of()));
            }
        }, 0, 1, TimeUnit.SECONDS);
        org.springframework.context.ConfigurableApplicationContext second = null;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> seq.get() >= 6);
            second = new org.springframework.boot.builder.SpringApplicationBuilder(
                    io.vrguard.analyzer.AnalyzerApplication.class).run(secondInstance());
            io.micrometer.core.instrument.MeterRegistry secondMeters = second.getBean(
                    io.micrometer.core.instrument.MeterRegistry.class);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    secondMeters.counter("analyzer.samples.analysed").count() >= 10);
            long movedAt = seq.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> seq.get() >= movedAt + 4);
        } finally {
            if (second != null) {
                second.close(); // its partitions move back to this instance
            }
        }
        long backAt = seq.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> seq.get() >= backAt + 6);
        sender.shutdownNow();
        // from here on the hosts really are silent: a stale alarm raised after this is right, not false
        Instant silentFrom = Instant.now();
        long sent = seq.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> hosts.stream().allMatch(h -> count(
                "SELECT count(deliveredKpps) FROM vr WHERE host='" + h + "'") == 2 * sent));

        List<ViolationEvent> alarms = readUntil(Topics.VIOLATIONS, 1).stream()
                .map(r -> WireJson.decode(r.value(), ViolationEvent.class))
                .filter(e -> hosts.contains(e.host()))
                .filter(e -> e.type() != ViolationType.STALE || e.at().isBefore(silentFrom)).toList();
        assertThat(alarms).isEmpty();
    }

    /** Command-line arguments, which win over application.yaml as they would in production. */
    private String[] secondInstance() {
        return new String[] {"--server.port=0", "--management.server.port=0",
            "--vrguard.analyzer.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--vrguard.analyzer.kafka.partitions=2",
            "--vrguard.analyzer.influx.url=" + influxd.url(),
            "--vrguard.analyzer.alertmanager.url=" + alertmanager.url(),
            "--vrguard.analyzer.signing.key-id=k1",
            "--vrguard.analyzer.signing.keys.k1=" + Base64.getEncoder().encodeToString(SECRET)};
    }

    private long uncommitted() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            {
                Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("vrguard-analyzer").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                for (int p = 0; p < 2; p++) {
                    latest.put(new TopicPartition(Topics.SAMPLES, p), OffsetSpec.latest());
                }
                long lag = 0;
                for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                    var c = committed.get(e.getKey());
                    lag += e.getValue().offset() - (c == null ? 0 : c.offset());
                }
                return lag;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ConsumerRecord<String, String>> readUntil(String topic, int atLeast) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "vrga-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= atLeast;
            });
        }
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + env.getProperty("local.server.port") + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
