package io.vrguard.analyzer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.analyzer.replay.PaperSampleFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's replay command: no Kafka, no InfluxDB, no web server, JSON lines out. */
class ReplayCliIT {
    @TempDir
    Path dir;

    @Test
    void theJarReplaysThePaperRowsWithoutStartingTheService() throws Exception {
        Path samples = PaperSampleFiles.withoutThenWithShares(dir, 8);
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/analyzer.jar", "replay", samples.toString(),
                "--policies=" + PaperSampleFiles.policies())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"record\":\"violation\"", "\"event\":\"opened\"",
                "\"type\":\"isolation_violation\"", "\"victim\":\"vr1\"", "\"aggressors\":[\"vr2\"]", "\"cpus\":[0]");
        assertThat(lines.get(1)).contains("\"record\":\"command\"", "\"mode\":\"advise\"", "\"cpu_shares\"");
        assertThat(lines.get(2)).contains("\"event\":\"resolved\"");
        assertThat(stderr).contains("64 samples").doesNotContain("Tomcat", "Kafka", "Started");
    }
}
