package io.vrguard.analyzer.it;

import io.vrguard.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real Alertmanager (Debian package prometheus-alertmanager) on a free loopback port, clustering off. */
final class AlertmanagerServer implements AutoCloseable {
    private static final String BINARY = "/usr/bin/prometheus-alertmanager";

    private final Path dir;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    private AlertmanagerServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static AlertmanagerServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " not found: apt-get install -y prometheus-alertmanager");
        }
        Path dir = Files.createTempDirectory("vrga-alertmanager-");
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: none
                  group_wait: 1s
                receivers:
                  - name: none
                """);
        int port = FreePorts.next();
        Process p = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        AlertmanagerServer server = new AlertmanagerServer(dir, port, p);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("alertmanager exited; see " + dir);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet listening
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("alertmanager not ready within 30 s");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The alerts Alertmanager holds, as its v2 API returns them (JSON). */
    String alerts() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts?active=true&silenced=true"
                + "&inhibited=true&unprocessed=true")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
