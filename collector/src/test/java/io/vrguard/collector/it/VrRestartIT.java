package io.vrguard.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.collector.core.HostReading;
import io.vrguard.collector.core.SampleBuilder;
import io.vrguard.collector.fs.HostReader;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireJson;
import io.vrguard.testkit.KernelObjects;
import io.vrguard.testkit.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VR restarts mid-run, as an LXC container does: its process dies, its network namespace (and with it both veths)
 * and its cgroup are deleted and created again under the same names, and traffic resumes. The collector reports the
 * interval across the restart as {@code reset} (rates 0), never as a spike or a negative rate, and goes on with
 * exact rates afterwards. The recorded samples are then replayed through the real analyzer jar (built before the
 * collector in the reactor) with a guarantee the VR meets: no violation may come out of the reset.
 */
class VrRestartIT {
    private static final int PPS = 3000;
    private static final long STEP_MS = 250;

    @TempDir
    Path dir;

    @Test
    void aRestartedVrIsAResetNeverASpikeAndRaisesNoViolation() throws Exception {
        try (KernelObjects k = new KernelObjects(Harness.PREFIX)) {
            String src = k.netns("rsrc");
            String snk = k.netns("rsnk");
            HostReader reader = Harness.reader(Harness.inventory(dir, """
                    routers:
                      - name: vrgc-rvr
                        kind: lxc
                        netns: vrgc-rvr
                        cgroup: vrgc-rvr
                        interfaces: [vrgcr1, vrgcr2]
                    """));
            k.spawn(snk, dir.resolve("sink.log"), Harness.java(), "-cp", Harness.classPath(),
                    "io.vrguard.testkit.UdpSink", "5001");
            startVr(k, src, snk, "first");
            List<HostSample> samples = new ArrayList<>();
            HostReading prev = reader.read();
            prev = sample(reader, prev, samples, 12);

            // the restart, between two reads
            stopVr(src);
            startVr(k, src, snk, "second");
            int restartAt = samples.size();
            prev = sample(reader, prev, samples, 14);

            System.out.println("VR state/rx/tx per sample: " + samples.stream().map(s -> s.routers().get(0))
                    .map(v -> v.state() + "/" + Math.round(v.rxPps()) + "/" + Math.round(v.txPps())).toList()
                    + "; problems " + samples.get(samples.size() - 1).problems());
            for (HostSample s : samples) {
                VrSample vr = s.routers().get(0);
                List<Double> rates = new ArrayList<>(List.of(vr.rxPps(), vr.txPps(), vr.dropPps(), vr.offeredPps(),
                        vr.deliveredPps()));
                vr.interfaces().forEach(i -> rates.addAll(List.of(i.rxPps(), i.txPps(), i.rxDropPps(),
                        i.txDropPps())));
                if (vr.cpuPercent() != null) {
                    rates.add(vr.cpuPercent());
                }
                assertThat(rates).as("seq %d: %s", s.seq(), vr).allMatch(r -> r >= 0 && r < 3 * PPS);
            }
            InterfaceSample ingress = samples.get(3).routers().get(0).interfaces().get(0);
            assertThat(ingress.name()).isEqualTo("vrgcr1");
            assertThat(ingress.rpsCpus()).as("RPS mask of a device inside the VR's namespace").containsExactly(1);
            VrSample across = samples.get(restartAt).routers().get(0);
            System.out.printf("across the restart: VR %s, interfaces %s%n", across.state(),
                    across.interfaces().stream().map(InterfaceSample::state).toList());
            assertThat(across.state()).isEqualTo(VrSample.STATE_RESET);
            assertThat(across.interfaces()).extracting(InterfaceSample::state).containsOnly(VrSample.STATE_RESET);
            assertThat(across.rxPps()).isZero();
            assertThat(across.cpuPercent()).isLessThan(100.0);
            VrSample after = samples.get(samples.size() - 2).routers().get(0);
            assertThat(after.state()).isEqualTo(VrSample.STATE_OK);
            assertThat(after.rxPps()).as("traffic measured again after the restart").isGreaterThan(0.5 * PPS);

            Path recording = dir.resolve("samples.jsonl");
            StringBuilder lines = new StringBuilder();
            samples.forEach(s -> lines.append(WireJson.toJson(s)).append('\n'));
            Files.writeString(recording, lines);
            Files.copy(recording, Path.of("target/vr-restart-samples.jsonl"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            replayThroughTheAnalyzer(recording);
        }
    }

    private void replayThroughTheAnalyzer(Path recording) throws Exception {
        Path jar = Path.of("../analyzer/target/analyzer.jar");
        assertThat(jar).as("the analyzer's jar, for the replay (the reactor builds it before the collector; alone: "
                + "./mvnw -B install -pl analyzer -am -DskipTests)").isRegularFile();
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(policies, """
                policies:
                  - scope: vr:vrgc-host/vrgc-rvr
                    guaranteeKpps: 1
                    tolerance: 0.05
                """);
        Process p = new ProcessBuilder(Harness.java(), "-jar", jar.toString(), "replay", recording.toString(),
                "--policies=" + policies).redirectError(dir.resolve("replay.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("replay.err"));
        System.out.printf("analyzer replay: %s%s%n", err.lines().filter(l -> l.startsWith("replay:")).toList(),
                out.isBlank() ? " (no output)" : "\n" + out);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).contains("replay: " + samplesIn(recording) + " samples");
        assertThat(out.lines().filter(l -> l.contains("vrgc-rvr"))).as("violations or commands for the VR").isEmpty();
    }

    private static long samplesIn(Path recording) throws Exception {
        return Files.readAllLines(recording).stream().filter(l -> !l.isBlank()).count();
    }

    private static HostReading sample(HostReader reader, HostReading prev, List<HostSample> out, int count)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Thread.sleep(STEP_MS);
            HostReading cur = reader.read();
            long seq = out.size();
            out.add(SampleBuilder.build("vrgc-host", seq, Instant.ofEpochMilli(1_800_000_000_000L + seq * STEP_MS),
                    STEP_MS, prev, cur));
            prev = cur;
        }
        return prev;
    }

    private final List<Process> running = new ArrayList<>();

    /** The VR: a namespace forwarding src → snk, a process inside it in its own cpuacct group, paced traffic. */
    private void startVr(KernelObjects k, String src, String snk, String run) throws Exception {
        String vr = k.netns("rvr");
        k.veth("vrgcr0", src, "10.77.11.1/24", "vrgcr1", vr, "10.77.11.2/24");
        k.veth("vrgcr2", vr, "10.77.12.1/24", "vrgcr3", snk, "10.77.12.2/24");
        Shell.run("ip", "-n", src, "route", "replace", "default", "via", "10.77.11.2");
        Shell.run("ip", "-n", snk, "route", "replace", "default", "via", "10.77.12.1");
        k.exec(vr, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        // RPS on the VR's ingress queue, set inside its namespace: visible to the collector only through that
        // namespace's sysfs (a process's /proc/PID/root/sys)
        k.exec(vr, "sh", "-c", "echo 2 > /sys/class/net/vrgcr1/queues/rx-0/rps_cpus");
        Path cgroup = k.cgroupV1("cpuacct", "vrgc-rvr");
        Process init = k.spawn(vr, dir.resolve("init-" + run + ".log"), "sleep", "600");
        Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(init.pid()));
        running.add(init);
        running.add(k.spawn(src, dir.resolve("pacer-" + run + ".log"), Harness.java(), "-cp", Harness.classPath(),
                "io.vrguard.testkit.UdpPacer", "10.77.12.2", "5001", "" + PPS, "8",
                dir.resolve("count-" + run).toString(), dir.resolve("progress-" + run).toString()));
        Path progress = dir.resolve("progress-" + run);
        for (int i = 0; i < 300 && (!Files.exists(progress) || Files.size(progress) < 40); i++) {
            Thread.sleep(100); // until the pacer's JVM is up and sending
        }
    }

    private void stopVr(String src) throws Exception {
        running.forEach(KernelObjects::stop);
        running.clear();
        Shell.run("ip", "netns", "del", "vrgc-rvr");
        for (int i = 0; i < 50 && Shell.tryRun("ip", "-n", src, "link", "show", "vrgcr0").exitCode() == 0; i++) {
            Thread.sleep(100); // the namespace and its veths go once nothing holds them
        }
        Path group = Path.of("/sys/fs/cgroup/cpuacct/vrgc-rvr");
        for (int i = 0; i < 50 && Files.exists(group); i++) {
            Shell.tryRun("rmdir", group.toString());
            Thread.sleep(100);
        }
    }
}
