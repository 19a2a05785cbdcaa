package io.vrguard.analyzer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ReplayTest {
    @TempDir
    Path dir;

    private record Run(int status, List<JsonNode> lines, String err) {
    }

    private Run replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Replay.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines()
                .map(l -> WireJson.mapper().readTree(l)).toList();
        return new Run(status, lines, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void paperRowsWithoutSharesOpenVr1VictimVr2AggressorAndWithSharesResolve() throws Exception {
        Path samples = PaperSampleFiles.withoutThenWithShares(dir, 8);

        Run run = replay("replay", samples.toString(), "--policies=" + PaperSampleFiles.policies());

        assertThat(run.status()).isZero();
        List<JsonNode> violations = run.lines().stream()
                .filter(n -> n.get("record").asString().equals("violation")).toList();
        assertThat(violations).extracting(n -> n.get("event").asString()).containsExactly("opened", "resolved");
        JsonNode opened = violations.get(0);
        assertThat(opened.get("type").asString()).isEqualTo("isolation_violation");
        assertThat(opened.get("host").asString()).isEqualTo("kvm-host-1");
        assertThat(opened.get("victim").asString()).isEqualTo("vr1");
        assertThat(opened.get("aggressors").get(0).asString()).isEqualTo("vr2");
        assertThat(opened.get("cpus").get(0).asInt()).isZero();
        assertThat(opened.get("path").asString()).isEqualTo("kvm");
        assertThat(opened.get("explanation").asString()).contains("vr1 delivered 778 kpps");
        // row 2 starts at seq 9; 3 breaching intervals of 5 are needed
        assertThat(opened.get("startedAt").asString()).isEqualTo("2026-11-21T10:00:11Z");

        List<JsonNode> commands = run.lines().stream()
                .filter(n -> n.get("record").asString().equals("command")).toList();
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.get("mode").asString()).isEqualTo("advise");
            EnforcementCommand cmd = WireJson.mapper().treeToValue(c.get("command"), EnforcementCommand.class);
            assertThat(cmd.violationId()).isEqualTo(opened.get("id").asString());
            assertThat(cmd.predictedDeliveredKpps().get("vr1")).isGreaterThanOrEqualTo(784);
        });
        assertThat(run.err()).contains("64 samples", "0 malformed");
    }

    @Test
    void withTwiceTheSharesTheReplayFindsNothing() throws Exception {
        Run run = replay("replay", PaperSampleFiles.withSharesOnly(dir, 8).toString(),
                "--policies=" + PaperSampleFiles.policies());

        assertThat(run.status()).isZero();
        assertThat(run.lines()).isEmpty();
    }

    @Test
    void malformedLinesAreSkippedAndCounted() throws Exception {
        Path samples = PaperSampleFiles.withSharesOnly(dir, 2);
        Files.writeString(samples, "{not json\n" + Files.readString(samples) + "{\"schema\":1}\n");

        Run run = replay("replay", samples.toString(), "--policies=" + PaperSampleFiles.policies());

        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("line 1 skipped", "line 10 skipped", "8 samples", "2 malformed");
    }

    @Test
    void badArgumentsOrPolicyFileFailWithAMessage() throws Exception {
        assertThat(replay("replay").status()).isEqualTo(2);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "policies:\n  - scope: fleet\n    tolerance: 7\n");
        Run run = replay("replay", PaperSampleFiles.withSharesOnly(dir, 1).toString(), "--policies=" + bad);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("tolerance must be within");
    }
}
