package io.vrguard.lab.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.discovery.HostRoots;
import io.vrguard.lab.RootOnly;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged lab, killed mid-run: SIGKILL leaves objects that 'lab clean' removes; SIGTERM cleans up itself. */
class LabCleanIT {
    private static final Path WORK = Path.of("target/vrgl-lab-it");
    /** Cleanup is what these tests are about: the relays' work as given, no calibration first. */
    private static final String NO_CALIBRATION = "6000";
    private final LabSweep sweep = new LabSweep(HostRoots.system().proc(), HostRoots.system().cgroup(),
            Path.of("/run/vrgl-lab"));

    @BeforeAll
    static void root() {
        RootOnly.assumeRoot();
    }

    @AfterEach
    void sweepAnyway() {
        sweep.sweep();
    }

    @Test
    void cleanRemovesEverythingAfterTheLabIsKilled() throws Exception {
        Process lab = startPhysics("killed");
        awaitRunning(lab);

        lab.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        assertThat(sweep.leftovers()).as("objects a killed lab leaves").isNotEmpty()
                .anySatisfy(l -> assertThat(l).startsWith("netns vrgl-"))
                .anySatisfy(l -> assertThat(l).startsWith("cgroup "));

        Process clean = new ProcessBuilder(lab("clean")).redirectErrorStream(true).start();
        String out = new String(clean.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(clean.waitFor()).as(out).isZero();
        assertThat(out).contains("removed netns vrgl-vr1", "nothing with the vrgl prefix is left");
        assertThat(sweep.leftovers()).isEmpty();
        assertThat(sweep.labPids()).isEmpty();
    }

    /** A killed 'lab run' leaves its broker-holding JVM's children (influxd, the service JVMs) in its cgroup. */
    @Test
    void cleanKillsTheServicesOfAKilledRun() throws Exception {
        Files.createDirectories(WORK);
        Path log = WORK.resolve("lab-run-killed.log");
        Process lab = new ProcessBuilder(lab("run", "scenarios/scenario-2-short.yaml", "--mode", "baseline", "--out",
                WORK.resolve("killed-report").toString(), "--work", NO_CALIBRATION)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(lab.isAlive()).as("lab exited early: " + Files.readString(log)).isTrue();
            return Files.readString(log).contains("are up");
        });
        List<Long> services = servicePids();
        assertThat(services).as("lab JVM, influxd, collector, analyzer, enforcer").hasSizeGreaterThanOrEqualTo(5);

        lab.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(services.stream().filter(LabCleanIT::running)).as("orphaned services").isNotEmpty();

        Process clean = new ProcessBuilder(lab("clean")).redirectErrorStream(true).start();
        String out = new String(clean.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(clean.waitFor()).as(out).isZero();
        assertThat(sweep.leftovers()).isEmpty();
        assertThat(services).as("every service process is gone").noneMatch(LabCleanIT::running);
    }

    /** Alive and not a zombie: a killed orphan may wait a while for init to reap it, but it is dead. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<Long> servicePids() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/sys/fs/cgroup/cpuset/vrglab/services/cgroup.procs"))) {
            pids.add(Long.parseLong(line.strip()));
        }
        return pids;
    }

    @Test
    void aTerminatedLabRemovesItsOwnObjects() throws Exception {
        Process lab = startPhysics("terminated");
        awaitRunning(lab);

        lab.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook tears the testbed down
        assertThat(lab.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sweep.leftovers()).isEmpty();
    }

    private Process startPhysics(String name) throws Exception {
        Files.createDirectories(WORK);
        File log = WORK.resolve("lab-" + name + ".log").toFile();
        return new ProcessBuilder(lab("physics", "scenarios/scenario-2-short.yaml", "--work", NO_CALIBRATION))
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private void awaitRunning(Process lab) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(lab.isAlive()).as("lab exited early, see " + WORK).isTrue();
            return Files.exists(Path.of("/run/vrgl-lab/inventory.yaml")) && sweep.labPids().size() >= 6;
        });
    }

    private static List<String> lab(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                System.getProperty("lab.jar", "target/lab.jar")));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--work-dir", WORK.toAbsolutePath().toString()));
        return cmd;
    }
}
