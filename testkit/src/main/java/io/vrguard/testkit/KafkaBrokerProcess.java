package io.vrguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker in its own JVM, started from Kafka's Maven artifacts on the caller's class
 * path ({@code kafka.Kafka}, storage formatted by {@code kafka.tools.StorageTool}), on free loopback ports. Unlike an
 * embedded broker it can be stopped and started again with its data kept, which outage tests need.
 * Needs {@code org.apache.kafka:kafka_2.13} on the class path.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    public KafkaBrokerProcess(Path dir) {
        this(dir, null);
    }

    /** A broker whose client listener is SASL_SSL with ACLs enforced, as {@code security} describes. */
    public KafkaBrokerProcess(Path dir, KafkaSaslSsl security) {
        this.dir = dir;
        this.port = FreePorts.next();
        int controllerPort = FreePorts.next();
        this.config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            List<String> listeners = security != null ? security.brokerConfig(port, controllerPort) : List.of(
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            Files.writeString(config, String.join("\n", listeners) + "\n" + String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "controller.listener.names=CONTROLLER",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=1",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "log.flush.interval.messages=1",
                    "") );
            Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name='O' "
                    + "class='ch.qos.logback.core.ConsoleAppender'><encoder><pattern>%d %-5level %logger{20} %msg%n"
                    + "</pattern></encoder></appender><root level='WARN'><appender-ref ref='O'/></root>"
                    + "</configuration>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String clusterId = Uuid.randomUuid().toString();
        List<String> formatArgs = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        if (security != null) {
            formatArgs.addAll(security.formatArguments());
        }
        Process format = launch("kafka.tools.StorageTool", dir.resolve("format.log"),
                formatArgs.toArray(String[]::new));
        try {
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("kafka storage format failed: " + Files.readString(
                        dir.resolve("format.log")));
            }
        } catch (InterruptedException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until its client port accepts connections. */
    public synchronized void start() {
        process = launch("kafka.Kafka", dir.resolve("broker.log"), config.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka broker exited, see " + dir.resolve("broker.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(200);
            }
        }
        throw new IllegalStateException("kafka broker did not open port " + port);
    }

    /** Stops the broker (SIGTERM, controlled shutdown); data is kept for {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            KernelObjects.stop(process);
            process = null;
        }
    }

    /**
     * SIGKILL, as a crash or a power cut of the broker: no controlled shutdown, the log recovered on the next
     * {@link #start()}. Data is kept.
     */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private Process launch(String mainClass, Path log, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
