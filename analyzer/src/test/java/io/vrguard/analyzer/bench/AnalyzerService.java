package io.vrguard.analyzer.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.AnalyzerApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The real analyzer service (Spring, Kafka container, InfluxDB writer) in this JVM, on a fleet's policies. */
public final class AnalyzerService implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    public AnalyzerService(String bootstrap, String influxUrl, Path dir, String... extra) throws Exception {
        Files.createDirectories(dir);
        Path policies = dir.resolve("policies.yaml");
        StringBuilder yaml = new StringBuilder("policies:\n  - scope: fleet\n    tolerance: 0.02\n    mode: advise\n");
        for (int v = 0; v < 10; v++) {
            yaml.append("  - scope: vr:*/").append(SyntheticFleet.vrName(v)).append("\n    guaranteeKpps: ")
                    .append(SyntheticFleet.guaranteeKpps(v)).append('\n');
        }
        Files.writeString(policies, yaml);
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--logging.level.org.apache.kafka=ERROR",
                "--vrguard.analyzer.kafka.bootstrap-servers=" + bootstrap,
                "--vrguard.analyzer.influx.url=" + influxUrl,
                "--vrguard.analyzer.signing.key-id=bench",
                "--vrguard.analyzer.signing.keys.bench=" + Base64.getEncoder().encodeToString(
                        "vrgz-bench-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8)),
                "--vrguard.analyzer.policy-file=" + policies));
        args.addAll(List.of(extra));
        context = new SpringApplication(AnalyzerApplication.class).run(args.toArray(String[]::new));
    }

    public MeterRegistry registry() {
        return context.getBean(MeterRegistry.class);
    }

    public double counter(String name) {
        var c = registry().find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        context.close();
    }
}
