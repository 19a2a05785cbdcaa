package io.vrguard.lab.run;

import io.vrguard.lab.testbed.LabException;
import io.vrguard.lab.testbed.LogTail;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of vrguard's services run from its executable jar as its own process, as an operator runs it. It inherits the
 * lab JVM's cgroups (CPU 0, inside the lab's tree). Ready when its actuator health answers UP.
 */
final class ServiceProcess implements AutoCloseable {
    /** Small, quick-starting JVMs: they share one CPU with the traffic sources. */
    private static final List<String> JVM = List.of("-Xmx192m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xshare:auto");

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code jar} with {@code args}; {@code port} is its actuator's (server.port). */
    static ServiceProcess start(String name, Path jar, List<String> args, Path logDir, int port) {
        if (!Files.isRegularFile(jar)) {
            throw new LabException(jar + " is missing: build the services first with "
                    + "./mvnw -q -B -DskipTests package -pl lab -am");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(JVM);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ServiceProcess(name, p, log, port);
        } catch (IOException e) {
            throw new LabException("cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until {@code /actuator/health} answers 200, failing with the log's tail if the process exits. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LabException("the " + name + " exited with " + process.exitValue() + ":\n"
                        + LogTail.of(log));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new LabException("the " + name + " did not become healthy within " + timeout.toSeconds() + " s:\n"
                + LogTail.of(log));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** SIGTERM: Spring shuts down cleanly. */
    void terminate() {
        process.destroy();
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
