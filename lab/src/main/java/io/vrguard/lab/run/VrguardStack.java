package io.vrguard.lab.run;

import io.vrguard.lab.testbed.LabException;
import io.vrguard.protocol.Topics;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.InfluxServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * vrguard as an operator runs it, for one lab run: a KRaft broker (in this JVM, unless bootstrap servers are given),
 * a real influxd, and the collector, analyzer and enforcer jars as processes, configured only through their
 * documented settings. Closed in reverse order; everything runs in the lab's services cgroup.
 */
final class VrguardStack implements AutoCloseable {
    static final String KEY_ID = "lab";
    private static final String MANAGEMENT_PORT = "--management.server.port=";

    private final RunSettings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private EmbeddedKafkaKraftBroker broker;
    private String bootstrap;
    private String influxUrl;
    private int analyzerPort;

    private VrguardStack(RunSettings settings) {
        this.settings = settings;
    }

    static VrguardStack start(RunSettings s, String policyYaml, java.io.PrintStream progress)
            throws InterruptedException {
        VrguardStack stack = new VrguardStack(s);
        try {
            stack.startAll(policyYaml, progress);
            return stack;
        } catch (RuntimeException | InterruptedException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(String policyYaml, java.io.PrintStream progress) throws InterruptedException {
        Path dir = settings.serviceDir();
        try {
            Files.createDirectories(dir.resolve("enforcer-state"));
            Files.writeString(dir.resolve("policies.yaml"), policyYaml);
        } catch (IOException e) {
            throw new LabException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        String secret = secret();
        Path keyFile = writeKey(dir.resolve("hmac.key"), secret);
        if (settings.bootstrapServers() == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 1);
            quietly(broker::afterPropertiesSet); // Kafka's storage formatter prints to stdout
            started.add(broker::destroy);
            bootstrap = broker.getBrokersAsString();
        } else {
            bootstrap = settings.bootstrapServers();
        }
        InfluxServer influx = InfluxServer.start();
        started.add(influx);
        influxUrl = influx.url();
        progress.printf("lab: broker %s%s, influxd %s%n", bootstrap, broker == null ? "" : " (in-process KRaft)",
                influxUrl);

        ServiceProcess analyzer = service("analyzer", analyzerArgs(dir, secret));
        analyzer.awaitHealthy(Duration.ofSeconds(180));
        awaitTopic(Topics.COMMANDS, Duration.ofSeconds(60)); // the analyzer creates vrguard's topics
        ServiceProcess collector = service("collector", collectorArgs(dir));
        ServiceProcess enforcer = service("enforcer", enforcerArgs(dir, keyFile));
        collector.awaitHealthy(Duration.ofSeconds(180));
        enforcer.awaitHealthy(Duration.ofSeconds(180));
        progress.printf("lab: analyzer (policies %s), collector and enforcer (mode %s) are up; logs in %s%n",
                settings.mode().policyMode(), settings.mode().enforcerMode(), dir);
    }

    private static void quietly(Runnable action) {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            action.run();
        } finally {
            System.setOut(stdout);
        }
    }

    private List<String> analyzerArgs(Path dir, String secret) {
        analyzerPort = FreePorts.next();
        String a = "--vrguard.analyzer.";
        // the REST API on server.port, the actuator on its own management port
        List<String> args = new ArrayList<>(List.of("--server.port=" + analyzerPort));
        args.addAll(withPort(FreePorts.next(), List.of(
                a + "kafka.bootstrap-servers=" + bootstrap,
                a + "kafka.group-id=vrgl-lab-analyzer",
                a + "signing.key-id=" + KEY_ID,
                a + "signing.keys." + KEY_ID + "=" + Base64.getEncoder().encodeToString(
                        secret.getBytes(StandardCharsets.UTF_8)),
                a + "influx.url=" + influxUrl,
                a + "influx.database=vrguard",
                a + "policy-file=" + dir.resolve("policies.yaml"),
                a + "detection.breach-intervals=" + RunSettings.BREACH_INTERVALS,
                a + "detection.window-intervals=" + RunSettings.WINDOW_INTERVALS,
                a + "detection.clear-intervals=2",
                a + "detection.verify-intervals=" + RunSettings.VERIFY_INTERVALS,
                // plan share steps the enforcer accepts, so no step is rejected as too large
                a + "detection.max-share-step-factor=" + RunSettings.ENFORCER_MAX_FACTOR)));
        return args;
    }

    private List<String> collectorArgs(Path dir) {
        return withPort(FreePorts.next(), List.of(
                "--host-id=" + settings.hostId(),
                "--interval=" + settings.interval().toMillis() + "ms",
                "--inventory=" + settings.inventory(),
                "--cgroup-base=" + settings.cgroupBase(),
                "--spool-dir=" + dir.resolve("collector-spool"),
                "--spring.kafka.bootstrap-servers=" + bootstrap));
    }

    private List<String> enforcerArgs(Path dir, Path keyFile) {
        String e = "--vrguard.enforcer.";
        int port = FreePorts.next();
        return withPort(port, List.of(
                "--server.port=" + port, // its one HTTP port is the actuator's
                e + "host-id=" + settings.hostId(),
                e + "mode=" + settings.mode().enforcerMode(),
                e + "keys[0].id=" + KEY_ID,
                e + "keys[0].file=" + keyFile,
                e + "state-dir=" + dir.resolve("enforcer-state"),
                e + "inventory=" + settings.inventory(),
                e + "stop-flag=" + dir.resolve("enforcer.stop"),
                e + "max-factor=" + RunSettings.ENFORCER_MAX_FACTOR,
                e + "cooldown=5s",
                "--spring.kafka.bootstrap-servers=" + bootstrap));
    }

    /** {@code args} with the actuator's port last: {@code management.server.port}, which every service honours. */
    private static List<String> withPort(int port, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add(MANAGEMENT_PORT + port);
        return all;
    }

    private ServiceProcess service(String module, List<String> args) {
        int port = Integer.parseInt(args.get(args.size() - 1).substring(MANAGEMENT_PORT.length()));
        ServiceProcess p = ServiceProcess.start(module, settings.serviceJar(module), args, settings.serviceDir(),
                port);
        services.add(p);
        started.add(p);
        return p;
    }

    private void awaitTopic(String topic, Duration timeout) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.listTopics().names().get(5, TimeUnit.SECONDS).contains(topic)) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // broker busy: retry
                }
                Thread.sleep(250);
            }
        }
        throw new LabException("topic " + topic + " did not appear on " + bootstrap);
    }

    /** A printable random secret: the analyzer takes it base64-encoded, the enforcer as the key file's text. */
    private static String secret() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static Path writeKey(Path file, String secret) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret);
            return file;
        } catch (IOException e) {
            throw new LabException("cannot write the HMAC key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The analyzer's {@code GET /api/plans} (advice included), or "[]" if it does not answer. */
    String analyzerPlans() {
        try {
            var client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + analyzerPort + "/api/plans")).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "[]";
        } catch (IOException e) {
            return "[]";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "[]";
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    String influxUrl() {
        return influxUrl;
    }

    /** A service that died during the run, or null. */
    ServiceProcess deadService() {
        return services.stream().filter(s -> !s.isAlive()).findFirst().orElse(null);
    }

    @Override
    public synchronized void close() {
        services.forEach(ServiceProcess::terminate); // all at once: each takes a few seconds to stop
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        started.clear();
    }
}
