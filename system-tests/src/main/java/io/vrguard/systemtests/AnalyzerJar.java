package io.vrguard.systemtests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The analyzer's jar as a process, with the settings every system test needs. */
public final class AnalyzerJar {
    public static final String DATABASE = "vrguard";
    /** The id the analyzer signs commands with; an enforcer that is to accept them needs this key under it. */
    public static final String SIGNING_KEY_ID = "system-tests";
    /**
     * A throw-away key: most of these tests send no commands, but the analyzer refuses to start without one. Base64,
     * as the analyzer's settings and the enforcer's key directory ({@code system-tests.key}) hold it.
     */
    public static final String SIGNING_KEY = Base64.getEncoder()
            .encodeToString("system-tests-signing-key-32-bytes".getBytes(StandardCharsets.UTF_8));

    private AnalyzerJar() {
    }

    /**
     * Starts an analyzer named {@code name} (its log: {@code dir/NAME.log}); {@code httpPort} and
     * {@code managementPort} 0 for any free port. {@code extra}: more {@code --key=value} settings.
     */
    public static ServiceJar start(String name, Path dir, String bootstrapServers, String influxUrl, int httpPort,
            int managementPort, List<String> extra) {
        List<String> args = new ArrayList<>(List.of(
                "--vrguard.analyzer.kafka.bootstrap-servers=" + bootstrapServers,
                "--vrguard.analyzer.signing.key-id=" + SIGNING_KEY_ID,
                "--vrguard.analyzer.signing.keys." + SIGNING_KEY_ID + "=" + SIGNING_KEY,
                "--vrguard.analyzer.influx.url=" + influxUrl,
                "--vrguard.analyzer.influx.database=" + DATABASE,
                "--server.port=" + httpPort,
                "--management.server.port=" + managementPort));
        args.addAll(extra);
        return ServiceJar.start("analyzer", name, dir, args);
    }
}
