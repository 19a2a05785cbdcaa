package io.vrguard.systemtests;

import io.vrguard.protocol.Topics;
import io.vrguard.testkit.InfluxServer;
import java.nio.file.Path;
import java.util.List;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The walking skeleton, every seam real: a forwarding VR made of kernel objects carrying paced UDP, the collector
 * jar sampling it, an in-process KRaft broker, the analyzer jar writing to a real influxd.
 */
public final class Pipeline implements AutoCloseable {
    public static final String HOST_ID = "skeleton-host";
    public static final String VR_NAME = "vr1";
    public static final String DATABASE = "vrguard";
    private static final String SIGNING_KEY_ID = "skeleton";
    /** A throw-away key: the skeleton plans no commands, but the analyzer refuses to start without one. */
    private static final String SIGNING_KEY = java.util.Base64.getEncoder()
            .encodeToString("skeleton-signing-key-of-32-bytes!".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private final EmbeddedKafkaKraftBroker broker;
    private final InfluxServer influx;
    private final ForwardingVr vr;
    private final ServiceJar collector;
    private final ServiceJar analyzer;

    public Pipeline(String prefix, Path workDir, String interval) {
        broker = new EmbeddedKafkaKraftBroker(1, 2, Topics.SAMPLES);
        broker.afterPropertiesSet();
        influx = InfluxServer.start();
        vr = new ForwardingVr(prefix, workDir);
        Path inventory = vr.writeInventory(VR_NAME);
        collector = ServiceJar.start("collector", workDir, List.of(
                "--host-id=" + HOST_ID,
                "--inventory=" + inventory,
                "--interval=" + interval,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--vrguard.collector.spool-dir=" + workDir.resolve("collector-spool"),
                "--server.port=0"));
        analyzer = ServiceJar.start("analyzer", workDir, List.of(
                "--vrguard.analyzer.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--vrguard.analyzer.signing.key-id=" + SIGNING_KEY_ID,
                "--vrguard.analyzer.signing.keys." + SIGNING_KEY_ID + "=" + SIGNING_KEY,
                "--vrguard.analyzer.influx.url=" + influx.url(),
                "--vrguard.analyzer.influx.database=" + DATABASE,
                "--server.port=0",
                "--management.server.port=0"));
    }

    public ForwardingVr vr() {
        return vr;
    }

    public InfluxServer influx() {
        return influx;
    }

    public ServiceJar collector() {
        return collector;
    }

    public ServiceJar analyzer() {
        return analyzer;
    }

    @Override
    public void close() {
        closeQuietly(collector);
        closeQuietly(analyzer);
        closeQuietly(vr);
        closeQuietly(influx);
        broker.destroy();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // keep closing the rest
        }
    }
}
