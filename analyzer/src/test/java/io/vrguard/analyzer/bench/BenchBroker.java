package io.vrguard.analyzer.bench;

import io.vrguard.testkit.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in its own JVM, from Kafka's Maven artifacts on this class path, configured as a
 * production broker would be (flushing left to the OS, 1 GiB heap, G1, the JIT's full tiers), unlike testkit's
 * KafkaBrokerProcess, which trades speed for durability in fault tests.
 */
public final class BenchBroker implements AutoCloseable {
    private final int port = FreePorts.next();
    private final Process process;

    public BenchBroker(Path dir) throws IOException, InterruptedException {
        int controller = FreePorts.next();
        Files.createDirectories(dir);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"), "num.partitions=6", "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0", ""));
        Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name='O' class='ch.qos.logback"
                + ".core.ConsoleAppender'><encoder><pattern>%d %-5level %logger{20} %msg%n</pattern></encoder>"
                + "</appender><root level='WARN'><appender-ref ref='O'/></root></configuration>");
        Process format = launch(dir, "kafka.tools.StorageTool", dir.resolve("format.log"), "format", "-t",
                Uuid.randomUuid().toString(), "-c", config.toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        process = launch(dir, "kafka.Kafka", dir.resolve("broker.log"), config.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker did not start, see " + dir.resolve("broker.log"));
                }
                Thread.sleep(200);
            }
        }
    }

    /** Removes a run's directory (the broker's log holds every sample sent: gigabytes after a soak). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static Process launch(Path dir, String main, Path log, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Xms1g", "-XX:+UseG1GC", "-Dlogback.configurationFile=" + dir.resolve(
                "logback.xml"), "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
