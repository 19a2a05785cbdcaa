package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import io.vrguard.protocol.WireSerde;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.InfluxServer;
import io.vrguard.testkit.KafkaBrokerProcess;
import io.vrguard.testkit.KafkaSaslSsl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three services' jars against a real broker with SASL/SCRAM over TLS and the StandardAuthorizer, each under
 * its own principal with exactly the ACLs of {@code deploy/kafka/acls.txt}; Kafka credentials reach the services
 * the way operators are told to give them: Spring Boot's {@code spring.kafka.*} properties from a config tree of
 * root-only files. A record on vrguard.commands that is not a command goes to vrguard.commands.dlt under the
 * enforcer's own ACLs, and the enforcer goes on with the next command. Also: the actuator of every service answers
 * only health and prometheus; the analyzer's API refuses state changes without its token; no secret appears in
 * any log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSecurityIT {
    private static final String HOST = "vrgy-host";
    private static final int PARTITIONS = 2;
    private static final byte[] HMAC = "vrgy-hmac-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final String API_TOKEN = "vrgy-api-token-" + UUID.randomUUID();
    /** Every actuator endpoint id Spring Boot knows; only health and prometheus may answer. */
    private static final List<String> ENDPOINTS = List.of("auditevents", "beans", "caches", "conditions",
            "configprops", "env", "flyway", "heapdump", "httpexchanges", "info", "integrationgraph", "liquibase",
            "logfile", "loggers", "mappings", "metrics", "quartz", "sbom", "scheduledtasks", "sessions", "shutdown",
            "startup", "threaddump", "env/PATH", "loggers/ROOT", "metrics/jvm.memory.used", "configprops/vrguard");

    private static Path dir;
    private static KafkaSaslSsl security;
    private static KafkaBrokerProcess broker;
    private static InfluxServer influx;
    private static ServiceJar collector;
    private static ServiceJar analyzer;
    private static ServiceJar enforcer;
    private static final Map<String, Integer> managementPorts = new HashMap<>();
    private static int apiPort;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("vrgy-kafka-security");
        security = new KafkaSaslSsl(dir.resolve("tls"), List.of("collector", "analyzer", "enforcer"));
        broker = new KafkaBrokerProcess(dir.resolve("broker"), security);
        broker.start();
        try (Admin admin = Admin.create(client("admin"))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : List.of(Topics.SAMPLES, Topics.deadLetter(Topics.SAMPLES), Topics.COMMANDS,
                    Topics.ACTIONS, Topics.VIOLATIONS)) {
                topics.add(new NewTopic(t, PARTITIONS, (short) 1));
            }
            topics.add(new NewTopic(Topics.SLAS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            topics.add(new NewTopic(Topics.deadLetter(Topics.SLAS), 1, (short) 1));
            // created up front, as deploy/kafka and docker-compose.yml do; the enforcer's own start-up creation
            // (Create on this one name) then finds it there
            topics.add(new NewTopic(Topics.deadLetter(Topics.COMMANDS), 1, (short) 1));
            topics.add(new NewTopic(Topics.OPEN_VIOLATIONS, 1, (short) 1).configs(Map.of("cleanup.policy",
                    "compact")));
            admin.createTopics(topics).all().get();
            admin.createAcls(acls()).all().get();
        }
        influx = InfluxServer.start();

        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path key = Files.writeString(keys.resolve("k2026a.key"), Base64.getEncoder().encodeToString(HMAC));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path token = dir.resolve("api-token");
        Files.writeString(token, API_TOKEN + "\n");
        Files.writeString(dir.resolve("inventory.yaml"), "routers: []\n");

        int collectorPort = FreePorts.next();
        collector = ServiceJar.start("collector", dir, concat(kafkaArguments("collector"),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--host-id=" + HOST, "--interval=500ms",
                "--vrguard.collector.spool-dir=" + dir.resolve("spool"),
                "--server.port=" + collectorPort));
        managementPorts.put("collector", collectorPort);

        apiPort = FreePorts.next();
        int analyzerManagement = FreePorts.next();
        analyzer = ServiceJar.start("analyzer", dir, concat(kafkaArguments("analyzer"),
                "--vrguard.analyzer.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--vrguard.analyzer.kafka.partitions=" + PARTITIONS,
                "--vrguard.analyzer.signing.key-id=k2026a",
                "--vrguard.analyzer.signing.key-dir=" + keys,
                "--vrguard.analyzer.influx.url=" + influx.url(),
                "--vrguard.analyzer.api.auth=true",
                "--vrguard.analyzer.api.token-file=" + token,
                "--server.port=" + apiPort,
                "--management.server.port=" + analyzerManagement));
        managementPorts.put("analyzer", analyzerManagement);

        int enforcerPort = FreePorts.next();
        enforcer = ServiceJar.start("enforcer", dir, concat(kafkaArguments("enforcer"),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--vrguard.enforcer.host-id=" + HOST,
                "--vrguard.enforcer.mode=dry-run",
                "--vrguard.enforcer.key-dir=" + keys,
                "--vrguard.enforcer.state-dir=" + dir.resolve("enforcer-state"),
                "--vrguard.enforcer.inventory=" + dir.resolve("inventory.yaml"),
                "--vrguard.enforcer.stop-flag=" + dir.resolve("enforcer.stop"),
                "--vrguard.enforcer.poll-timeout=200ms",
                "--server.port=" + enforcerPort));
        managementPorts.put("enforcer", enforcerPort);
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceJar s : new ServiceJar[] {collector, analyzer, enforcer}) {
            if (s != null) {
                System.out.printf("---- %s, last lines of its log:%n%s%n", s, s.logTail(25));
            }
        }
        if (dir != null && Files.exists(dir.resolve("broker/broker.log"))) {
            List<String> lines = Files.readAllLines(dir.resolve("broker/broker.log"));
            System.out.printf("---- broker, last lines of its log:%n%s%n",
                    String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
        }
        for (AutoCloseable c : new AutoCloseable[] {collector, analyzer, enforcer, influx, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Secret properties as an operator gives them: a Spring config tree, one root-only file per property. */
    private static final List<String> SECRET_PROPERTIES = List.of("spring.kafka.properties.sasl.jaas.config",
            "spring.kafka.ssl.trust-store-password");

    /** The service's Kafka settings: the secret ones in a config tree, the rest as ordinary arguments. */
    private static List<String> kafkaArguments(String user) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("secrets-" + user));
        List<String> args = new ArrayList<>(List.of("--spring.config.import=optional:configtree:" + tree + "/"));
        for (var e : security.springProperties(user).entrySet()) {
            if (SECRET_PROPERTIES.contains(e.getKey())) {
                Path f = Files.writeString(tree.resolve(e.getKey()), e.getValue());
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            } else {
                args.add("--" + e.getKey() + "=" + e.getValue());
            }
        }
        return args;
    }

    private static Map<String, Object> client(String user) {
        Map<String, Object> c = new HashMap<>(security.clientConfig(user));
        c.put("bootstrap.servers", broker.bootstrapServers());
        return c;
    }

    /** deploy/kafka/acls.txt, the shipped ACL set, as bindings for the test's principals (User:ROLE). */
    private static List<AclBinding> acls() throws Exception {
        List<AclBinding> out = new ArrayList<>();
        for (String line : Files.readAllLines(ProjectDirs.root().resolve("deploy/kafka/acls.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            out.add(new AclBinding(new ResourcePattern(ResourceType.valueOf(f[2].toUpperCase(Locale.ROOT)), f[4],
                    PatternType.valueOf(f[3].toUpperCase(Locale.ROOT))), new AccessControlEntry("User:" + f[0], "*",
                    AclOperation.valueOf(f[1].toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW)));
        }
        assertThat(out).hasSizeGreaterThan(5);
        return out;
    }

    private static void awaitAlive() {
        for (ServiceJar s : List.of(collector, analyzer, enforcer)) {
            assertThat(s.isAlive()).as(s + ":\n" + s.logTail(40)).isTrue();
        }
    }

    @Test
    @Order(1)
    void everyServiceWorksOverSaslSslUnderItsOwnAcls() throws Exception {
        // collector → samples → analyzer: the analyzer commits an offset only after storing to InfluxDB
        await("analyzer consumed the collector's samples").atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .failFast("a service exited", () -> !collector.isAlive() || !analyzer.isAlive() || !enforcer.isAlive())
                .until(() -> committedSamples() > 2);

        // analyzer principal → commands → enforcer → actions (read here as admin)
        try (var producer = new KafkaProducer<>(client("analyzer"), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, HOST, signedCommand("vrgy-c1"))).get();
        }
        ActionResult result = awaitResult("vrgy-c1", Duration.ofSeconds(120));
        System.out.printf("enforcer answered over SASL_SSL: %s %s%n", result.status(), result.reason());
        assertThat(result.reason()).contains("vrgy-nope"); // verified under the key, then refused: no such VR
        awaitAlive();
    }

    /** A command for a VR this host does not have, signed under the test's key: verified, then rejected. */
    private static byte[] signedCommand(String id) {
        EnforcementCommand command = new EnforcementCommand(WireSchema.COMMAND, id, HOST, Instant.now(),
                Instant.now().plusSeconds(600), CommandType.APPLY, "vrgy-v1", "security test", List.of(
                        new SettingChange("vrgy-nope", Setting.CPU_SHARES, null, "2048",
                                new PolicyBounds(256L, 8192L, false, List.of()))), Map.of());
        return WireJson.encode(CommandSigning.sign(command, "k2026a", HmacKeyRing.of(Map.of("k2026a", HMAC))));
    }

    /** The enforcer's result for command {@code id}, read from vrguard.actions as admin. */
    private static ActionResult awaitResult(String id, Duration atMost) {
        Map<String, Object> c = client("admin");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ActionResult> results = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new WireSerde<>(ActionResult.class))) {
            consumer.assign(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(Topics.ACTIONS, p))
                    .toList());
            await("the enforcer's result for " + id).atMost(atMost)
                    .failFast("the enforcer exited", () -> !enforcer.isAlive())
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(r -> results.add(r.value()));
                        return results.stream().anyMatch(r -> answers(r, id));
                    });
        }
        return results.stream().filter(r -> answers(r, id)).findFirst().orElseThrow();
    }

    private static boolean answers(ActionResult r, String id) {
        return r != null && (id.equals(r.commandId()) || r.reason() != null && r.reason().contains(id));
    }

    private static long committedSamples() throws Exception {
        try (Admin admin = Admin.create(client("admin"))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("vrguard-analyzer")
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.SAMPLES))
                    .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    @Test
    @Order(2)
    void onlyTheAnalyzerMayWriteCommands() {
        for (String intruder : List.of("collector", "enforcer")) {
            Throwable refused = produce(intruder, Topics.COMMANDS);
            System.out.printf("%s writing %s: %s%n", intruder, Topics.COMMANDS, refused);
            assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(produce("collector", Topics.ACTIONS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(produce("enforcer", Topics.SAMPLES)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(produce("collector", Topics.deadLetter(Topics.COMMANDS)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(produce("analyzer", Topics.COMMANDS)).isNull();

        Map<String, Object> c = client("collector");
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(Topics.COMMANDS, 0)));
            Throwable read = null;
            try {
                consumer.poll(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                read = e;
            }
            assertThat(read).as("the collector reading commands").isInstanceOf(TopicAuthorizationException.class);
        }
    }

    /**
     * Under the shipped ACLs a record on vrguard.commands that is not a command goes to vrguard.commands.dlt (the
     * enforcer's principal may write there), and the enforcer goes on: the signed command behind it is answered and
     * the offset of both is committed. Without Write on the dead-letter topic the enforcer retries the dead letter
     * forever and that host takes no command again.
     */
    @Test
    @Order(3)
    void aRecordThatIsNotACommandIsDeadLetteredAndTheEnforcerGoesOn() throws Exception {
        String marker = "vrgy-not-a-command-" + UUID.randomUUID();
        byte[] malformed = ("{\"id\":\"" + marker + "\",\"type\":").getBytes(StandardCharsets.UTF_8); // truncated
        long nextOffset;
        try (var producer = new KafkaProducer<>(client("analyzer"), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, HOST, malformed)).get();
            nextOffset = producer.send(new ProducerRecord<>(Topics.COMMANDS, HOST, signedCommand("vrgy-c3")))
                    .get().offset();
        }

        String dlt = Topics.deadLetter(Topics.COMMANDS);
        Map<String, Object> c = client("admin");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(dlt).stream().map(p -> new TopicPartition(dlt, p.partition()))
                    .toList());
            await("the malformed record on " + dlt).atMost(Duration.ofSeconds(120))
                    .failFast("the enforcer exited", () -> !enforcer.isAlive())
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
                        return dead.stream().anyMatch(r -> Arrays.equals(r.value(), malformed));
                    });
        }
        ConsumerRecord<String, byte[]> letter = dead.stream().filter(r -> Arrays.equals(r.value(), malformed))
                .findFirst().orElseThrow();
        String reason = header(letter, "vrguard-reason");
        System.out.printf("dead-lettered under the enforcer's principal: %s (%s)%n", reason,
                header(letter, "vrguard-origin"));
        assertThat(letter.key()).isEqualTo(HOST);
        assertThat(reason).startsWith("malformed");
        assertThat(header(letter, "vrguard-origin")).startsWith(Topics.COMMANDS + "-");

        // not stuck: the next command is verified and answered, and the offset moves past it
        ActionResult result = awaitResult("vrgy-c3", Duration.ofSeconds(120));
        assertThat(result.reason()).contains("vrgy-nope");
        await("the enforcer's commit past the command").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> enforcerCommitted() > nextOffset);
        // the start-up check for the dead-letter topic found it (Create on that name): no warning about it
        assertThat(Files.readString(enforcer.log())).doesNotContain("cannot create " + dlt);
        awaitAlive();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The enforcer's committed offset on its partition of vrguard.commands (-1 when none). */
    private static long enforcerCommitted() throws Exception {
        try (Admin admin = Admin.create(client("admin"))) {
            return admin.listConsumerGroupOffsets("vrguard-enforcer-" + HOST).partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.COMMANDS))
                    .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).max().orElse(-1);
        }
    }

    /** The error of one produce attempt by {@code user}, unwrapped; null when the broker took the record. */
    private static Throwable produce(String user, String topic) {
        Map<String, Object> c = client(user);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (var producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, HOST, "{}".getBytes())).get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    @Test
    @Order(4)
    void actuatorAnswersOnlyHealthAndPrometheusOnItsOwnPort() throws Exception {
        for (var service : managementPorts.entrySet()) {
            String base = "http://127.0.0.1:" + service.getValue() + "/actuator";
            await(service.getKey() + " health").atMost(Duration.ofSeconds(180)).ignoreExceptions()
                    .until(() -> get(base + "/health").statusCode() == 200);
            assertThat(get(base + "/prometheus").statusCode()).as(service.getKey() + " prometheus").isEqualTo(200);
            List<String> open = new ArrayList<>();
            for (String id : ENDPOINTS) {
                for (String method : List.of("GET", "POST")) {
                    int status = send(method, base + "/" + id, null, "{}").statusCode();
                    if (status < 400 || status >= 500) {
                        open.add(method + " " + id + " → " + status);
                    }
                }
            }
            int root = get(base).statusCode();
            System.out.printf("%s: %d endpoint probes refused, actuator root %d, open: %s%n", service.getKey(),
                    ENDPOINTS.size() * 2, root, open);
            assertThat(open).as(service.getKey()).isEmpty();
            assertThat(root).as(service.getKey() + " /actuator").isEqualTo(404);
        }
        // the API port serves no actuator at all
        assertThat(get("http://127.0.0.1:" + apiPort + "/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get("http://127.0.0.1:" + apiPort + "/actuator/prometheus").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void policyChangesNeedTheTokenAndBadPoliciesStillGet400() throws Exception {
        String api = "http://127.0.0.1:" + apiPort + "/api/policies";
        String before = get(api).body();
        String rule = "{\"scope\":\"vr:vrgy-host/edge\",\"guaranteeKpps\":300}";

        assertThat(send("POST", api, null, rule).statusCode()).isEqualTo(401);
        assertThat(send("POST", api, "wrong-token-of-some-length-000", rule).statusCode()).isEqualTo(401);
        assertThat(send("PUT", api + "/fleet", null, "{\"guaranteeKpps\":1}").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", api + "/fleet", null, null).statusCode()).isEqualTo(401);
        assertThat(get(api).body()).as("nothing changed").isEqualTo(before);

        HttpResponse<String> bad = send("POST", api, API_TOKEN,
                "{\"scope\":\"vr:vrgy-host/edge\",\"guaranteeKpps\":-1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("guaranteeKpps must be a finite number >= 0");

        assertThat(send("POST", api, API_TOKEN, rule).statusCode()).isEqualTo(201);
        assertThat(get(api + "/vr/vrgy-host/edge").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", api + "/vr/vrgy-host/edge", null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", api + "/vr/vrgy-host/edge", API_TOKEN, null).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(6)
    void noSecretReachesALog() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(Base64.getEncoder().encodeToString(HMAC),
                new String(HMAC, StandardCharsets.UTF_8), API_TOKEN, security.truststorePassword()));
        for (String user : List.of("admin", "collector", "analyzer", "enforcer")) {
            secrets.add(security.password(user));
        }
        for (ServiceJar s : List.of(collector, analyzer, enforcer)) {
            String log = Files.readString(s.log());
            assertThat(log).as(s.toString()).isNotEmpty();
            for (String secret : secrets) {
                assertThat(log).as(s + " log").doesNotContain(secret);
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return send("GET", url, null, null);
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
