package io.vrguard.dashboards;

import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import io.vrguard.systemtests.ForwardingVr;
import io.vrguard.systemtests.ServiceJar;
import io.vrguard.testkit.InfluxServer;
import io.vrguard.testkit.KernelObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Everything the dashboards read, produced by vrguard itself: a KRaft broker, a real influxd, the analyzer jar in
 * auto mode for the recorded host, and two hosts feeding it:
 * <ul>
 * <li>{@value #LIVE_HOST}: a forwarding LXC-style VR of network namespaces carrying paced UDP, sampled from the
 * kernel by the collector jar;</li>
 * <li>{@value RecordedStarvation#HOST}: the published KVM starvation rows sent as that host's samples, whose
 * violations make the analyzer plan and sign shares commands that the enforcer jar (dry-run, real cgroups it
 * reads) answers on {@code vrguard.actions}.</li>
 * </ul>
 * Kernel objects are named {@value #PREFIX}-* (VR) and {@value #CGROUP_PREFIX}-* (cgroups).
 */
final class DashboardPipeline implements AutoCloseable {
    static final String PREFIX = "vrgg";
    static final String CGROUP_PREFIX = "vrggc";
    static final String LIVE_HOST = "dash-host";
    static final String VR = "vr1";
    static final String DATABASE = "vrguard";
    static final int PARTITIONS = 2;
    private static final String KEY_ID = "dash";
    private static final String KEY_TEXT = "dashboards-test-signing-key-32-bytes!";

    private final Path workDir;
    private EmbeddedKafkaKraftBroker broker;
    private InfluxServer influx;
    private ForwardingVr vr;
    private KernelObjects cgroups;
    private ServiceJar collector;
    private ServiceJar analyzer;
    private ServiceJar enforcer;

    DashboardPipeline(Path workDir) {
        this.workDir = workDir;
        try {
            start();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void start() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.SAMPLES, Topics.deadLetter(Topics.SAMPLES),
                Topics.COMMANDS, Topics.ACTIONS, Topics.VIOLATIONS);
        broker.afterPropertiesSet();
        influx = InfluxServer.start();
        vr = new ForwardingVr(PREFIX, workDir);
        // After the VR: its sweep of "vrgg*" would remove these too.
        cgroups = new KernelObjects(CGROUP_PREFIX);
        cgroups.cgroupV1("cpu", CGROUP_PREFIX + "-vr1");
        cgroups.cgroupV1("cpu", CGROUP_PREFIX + "-vr2");
        String bootstrap = broker.getBrokersAsString();
        collector = ServiceJar.start("collector", workDir, List.of(
                "--host-id=" + LIVE_HOST,
                "--inventory=" + vr.writeInventory(VR),
                "--interval=1s",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--vrguard.collector.spool-dir=" + workDir.resolve("collector-spool"),
                "--server.port=0"));
        analyzer = ServiceJar.start("analyzer", workDir, List.of(
                "--vrguard.analyzer.kafka.bootstrap-servers=" + bootstrap,
                "--vrguard.analyzer.kafka.partitions=" + PARTITIONS,
                "--vrguard.analyzer.signing.key-id=" + KEY_ID,
                "--vrguard.analyzer.signing.keys." + KEY_ID + "="
                        + Base64.getEncoder().encodeToString(KEY_TEXT.getBytes(StandardCharsets.UTF_8)),
                "--vrguard.analyzer.influx.url=" + influx.url(),
                "--vrguard.analyzer.influx.database=" + DATABASE,
                "--vrguard.analyzer.policy-file=" + write("policies.yaml", """
                        policies:
                          - scope: fleet
                            tolerance: 0.02
                            mode: advise
                          - scope: host:%s
                            mode: auto
                          - scope: vr:%s/vr1
                            guaranteeKpps: 800
                            priority: 1
                          - scope: vr:%s/vr2
                            guaranteeKpps: 400
                            priority: 2
                          - scope: vr:%s/vr3
                            guaranteeKpps: 100
                          - scope: vr:%s/%s
                            guaranteeKpps: 3
                        """.formatted(RecordedStarvation.HOST, RecordedStarvation.HOST, RecordedStarvation.HOST,
                        RecordedStarvation.HOST, LIVE_HOST, VR)),
                "--server.port=0",
                "--management.server.port=0"));
        // The enforcer reads the HMAC secret's bytes from a file; the analyzer takes the same bytes in base64.
        enforcer = ServiceJar.start("enforcer", workDir, List.of(
                "--vrguard.enforcer.host-id=" + RecordedStarvation.HOST,
                "--vrguard.enforcer.mode=dry-run",
                "--vrguard.enforcer.keys[0].id=" + KEY_ID,
                "--vrguard.enforcer.keys[0].file=" + write("hmac-" + KEY_ID, KEY_TEXT),
                "--vrguard.enforcer.state-dir=" + workDir.resolve("enforcer-state"),
                "--vrguard.enforcer.stop-flag=" + workDir.resolve("enforcer.stop"),
                "--vrguard.enforcer.inventory=" + write("enforcer-inventory.yaml", """
                        routers:
                          - name: vr1
                            kind: kvm
                            cgroup: %s-vr1
                          - name: vr2
                            kind: kvm
                            cgroup: %s-vr2
                        """.formatted(CGROUP_PREFIX, CGROUP_PREFIX)),
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--server.port=0"));
    }

    ForwardingVr vr() {
        return vr;
    }

    InfluxServer influx() {
        return influx;
    }

    List<ServiceJar> services() {
        return List.of(collector, analyzer, enforcer);
    }

    boolean allAlive() {
        return services().stream().allMatch(ServiceJar::isAlive);
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        for (ServiceJar s : services()) {
            b.append("---- ").append(s).append('\n').append(s.logTail(30)).append('\n');
        }
        return b.toString();
    }

    boolean enforcerStarted() {
        try {
            return Files.readString(enforcer.log()).contains("Started ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends the recorded host's samples one per second, each stamped with the time it is sent. */
    void replayRecordedHost() throws InterruptedException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            long seq = 1;
            for (double[] row : RecordedStarvation.rows()) {
                HostSample s = RecordedStarvation.sample(row, seq++, Instant.now());
                producer.send(new ProducerRecord<>(Topics.SAMPLES, s.host(), WireJson.toJson(s))).get();
                Thread.sleep(1000);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a sample", e);
        }
    }

    /**
     * Sends the recorded host's enforcer a command signed with the wrong key, as a forger would: the enforcer
     * refuses it before reading any setting, so its result names no change (the host's "Enforcer refusals").
     */
    void sendForgedCommand() {
        EnforcementCommand command = new EnforcementCommand(WireSchema.COMMAND, "forged-1", RecordedStarvation.HOST,
                Instant.now(), Instant.now().plusSeconds(60), CommandType.APPLY, null, "not from the analyzer",
                List.of(new SettingChange("vr2", Setting.CPU_SHARES, null, "2", null)), Map.of());
        byte[] wrongKey = "not-the-dashboards-test-key-32-bytes".getBytes(StandardCharsets.UTF_8);
        SignedCommand forged = CommandSigning.sign(command, KEY_ID, HmacKeyRing.of(Map.of(KEY_ID, wrongKey)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, RecordedStarvation.HOST, WireJson.toJson(forged)))
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused the forged command", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path workDir() {
        return workDir;
    }

    private Path write(String name, String text) {
        Path file = workDir.resolve(name);
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {collector, analyzer, enforcer, vr, cgroups, influx}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        if (broker != null) {
            broker.destroy();
        }
    }
}
