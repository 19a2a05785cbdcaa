package io.vrguard.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.HostRoots;
import io.vrguard.lab.RootOnly;
import io.vrguard.lab.testbed.LabSweep;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged lab running scenario-2-short with the real collector, analyzer and enforcer jars, an in-process
 * KRaft broker and influxd: baseline attributes the starvation to the right VRs; enforced restores the victim.
 * Needs the services' jars (built before the lab in the reactor).
 */
class LabRunIT {
    private static final Path WORK = Path.of("target/vrgl-lab-run-it").toAbsolutePath();
    private static volatile String calibratedWork;
    private static final LabSweep SWEEP = new LabSweep(HostRoots.system().proc(), HostRoots.system().cgroup(),
            Path.of("/run/vrgl-lab"));

    @BeforeAll
    static void root() {
        RootOnly.assumeRoot();
    }

    @AfterAll
    static void sweep() {
        SWEEP.sweep();
    }

    @Test
    void baselineReportsTheIsolationViolationWithVictimAndAggressor() throws Exception {
        JsonNode report = run("baseline");

        assertThat(report.get("mode").asString()).isEqualTo("baseline");
        assertThat(report.get("violations").valueStream()).as(report.get("violations").toString())
                .anySatisfy(v -> {
                    assertThat(v.get("types").valueStream().map(JsonNode::asString))
                            .contains("isolation_violation");
                    assertThat(v.get("victim").asString()).isEqualTo("vr1");
                    assertThat(v.get("aggressors").valueStream().map(JsonNode::asString)).containsExactly("vr2");
                    assertThat(v.get("openedAt").isNull()).isFalse();
                });
        assertThat(report.get("advice").valueStream()).as("the analyzer's unsent plan (GET /api/plans)")
                .anySatisfy(a -> {
                    assertThat(a.get("router").asString()).isEqualTo("vr1");
                    assertThat(a.get("change").asString()).startsWith("cpu_shares -> ");
                });
        assertThat(report.get("actions").valueStream())
                .as("baseline only observes: nothing may be applied")
                .noneMatch(a -> a.get("result").asString().contains("changed"));
        JsonNode overload = lastStep(report);
        JsonNode victim = router(overload, "vr1");
        assertThat(victim.get("deliveredKpps").asDouble()).as("the victim starves")
                .isLessThan(0.9 * Math.min(29, victim.get("offeredKpps").asDouble()));
        assertThat(router(overload, "vr1").get("cpuShares").asInt()).isEqualTo(1024);
        assertThat(report.get("latency").get("detectMs").isNumber()).isTrue();
        assertThat(report.get("latency").has("actMs")).isTrue();
        assertThat(report.get("latency").get("actMs").isNull()).isTrue();
    }

    @Test
    void enforcedRestoresTheVictimThroughTheWholeLoop() throws Exception {
        JsonNode report = run("enforced");

        assertThat(report.get("violations").valueStream()).as(report.get("violations").toString())
                .anySatisfy(v -> assertThat(v.get("victim").asString()).isEqualTo("vr1"));
        assertThat(report.get("actions").valueStream()).as(report.get("actions").toString()).anySatisfy(a -> {
            assertThat(a.get("router").asString()).isEqualTo("vr1");
            assertThat(a.get("change").asString()).startsWith("cpu_shares");
            assertThat(a.get("result").asString()).startsWith("applied (changed");
        });
        JsonNode latency = report.get("latency");
        assertThat(latency.get("recoverMs").isNumber()).as(latency.toString()).isTrue();
        assertThat(latency.get("victimAfterRecoveryMedianPercent").asDouble()).as("victim after recovery, % of guarantee")
                .isGreaterThanOrEqualTo(95);
        JsonNode overload = router(lastStep(report), "vr1");
        // of what it was owed, min(offered, guarantee): the source itself may fall a little short on CPU 0
        double owed = Math.min(29, overload.get("offeredKpps").asDouble());
        assertThat(overload.get("deliveredKpps").asDouble()).as("victim in the last overload step, owed %.1f", owed)
                .isGreaterThanOrEqualTo(0.95 * owed);
        assertThat(overload.get("cpuShares").asInt()).as("shares written by the enforcer").isGreaterThan(1024);
        assertThat(router(lastStep(report), "vr2").get("deliveredKpps").asDouble())
                .as("the aggressor keeps what is left (work-conserving)").isGreaterThan(5);
    }

    private static JsonNode lastStep(JsonNode report) {
        JsonNode steps = report.get("steps");
        return steps.get(steps.size() - 1);
    }

    private static JsonNode router(JsonNode step, String name) {
        return step.get("routers").valueStream().filter(r -> r.get("name").asString().equals(name)).findFirst()
                .orElseThrow();
    }

    /**
     * Runs the lab in {@code mode}. The first run calibrates the relays to the scenario; later runs take the work
     * it found (report.json's relay.workRounds) with --work, as an operator repeating a run may.
     */
    private static JsonNode run(String mode) throws Exception {
        Path out = WORK.resolve(mode);
        Files.createDirectories(out);
        File log = WORK.resolve(mode + ".log").toFile();
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                System.getProperty("lab.jar", "target/lab.jar"), "run", "scenarios/scenario-2-short.yaml",
                "--mode", mode, "--out", out.toString(), "--work-dir", WORK.resolve("work").toString()));
        if (calibratedWork != null) {
            cmd.addAll(List.of("--work", calibratedWork));
        }
        Process lab = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        if (!lab.waitFor(300, TimeUnit.SECONDS)) {
            lab.destroy();
            lab.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log.toPath());
        assertThat(lab.exitValue()).as(output).isZero();
        assertThat(output).contains("lab: report written to " + out);
        assertThat(output).containsPattern("vr1 +kvm offered +\\d");
        assertThat(out.resolve("report.png")).isNotEmptyFile();
        assertThat(Files.readAllBytes(out.resolve("report.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(SWEEP.leftovers()).as("the lab removed its objects").isEmpty();
        JsonNode report = JsonMapper.builder().build().readTree(out.resolve("report.json").toFile());
        if (calibratedWork == null) {
            assertThat(output).contains("lab: calibrated the relays");
            assertThat(report.get("relay").get("targetCapacityKpps").asDouble()).isEqualTo(45);
            calibratedWork = report.get("relay").get("workRounds").asString();
        }
        return report;
    }
}
