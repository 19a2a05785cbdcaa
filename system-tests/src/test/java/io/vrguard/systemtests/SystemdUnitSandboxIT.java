package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.testkit.KernelObjects;
import io.vrguard.testkit.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped systemd units' confinement, applied without systemd by {@code scripts/unit-sandbox} (their
 * ProtectSystem, ReadOnlyPaths, ReadWritePaths, StateDirectory, PrivateTmp, CapabilityBoundingSet and
 * NoNewPrivileges, in a private mount namespace with read-only bind remounts and setpriv): the writes the enforcer
 * makes work inside the allowed paths with its capabilities, and the same writes elsewhere, or without the
 * capability, are refused. The allowed cgroup subtree and state directory come from a drop-in, as an operator
 * adapts the unit to a host with {@code systemctl edit}. The capability sets are the ones docker-compose.yml gives
 * the same services: the enforcer reaches a namespaced VR device's queue files by the pid of a process of another
 * user (its helper's {@code nsenter --target PID}, which needs CAP_SYS_PTRACE); the collector reads that process's
 * namespace link but enters no namespace.
 */
class SystemdUnitSandboxIT {
    private static final Path ROOT = ProjectDirs.root();
    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
    private static KernelObjects kernel;
    private static Path work;
    private static Path allowed;
    private static Path outside;
    private static Path state;
    private static Path dropIn;
    /** A VR's network namespace holding the veth end {@code vrgy3} and a process of user nobody, as an LXC VR. */
    private static String vrNetns;
    private static long vrPid;

    @BeforeAll
    static void setUp() throws Exception {
        kernel = new KernelObjects("vrgy");
        allowed = kernel.cgroupV1("cpu", "vrgy-allowed/vr1");
        outside = kernel.cgroupV1("cpu", "vrgy-outside");
        kernel.veth("vrgy0", null, null, "vrgy1", null, null);
        // not under the checkout: a checkout under /tmp would be hidden by the unit's PrivateTmp
        work = Files.createDirectories(Path.of("/run/vrgy-sandbox"));
        state = Files.createDirectories(work.resolve("state"));
        dropIn = Files.writeString(work.resolve("host.conf"), "[Service]\nReadWritePaths=" + CPU.resolve(
                "vrgy-allowed") + "\nReadWritePaths=" + state + "\n");
        vrNetns = kernel.netns("vr");
        kernel.veth("vrgy2", null, null, "vrgy3", vrNetns, null);
        // ip netns exec and setpriv exec: the pid is that of sleep, running as nobody inside the namespace
        Process init = kernel.spawn(vrNetns, work.resolve("vr-init.log"), "setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups", "sleep", "600");
        vrPid = init.pid();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(Path.of("/proc/" + vrPid + "/status")).contains("Uid:\t65534")) {
            if (System.nanoTime() > deadline || !init.isAlive()) {
                throw new IllegalStateException("the VR's process did not start as nobody");
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
        Files.deleteIfExists(Path.of("/etc/vrgy-sandbox-probe"));
        if (work != null) {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Shell.Result inUnit(String unit, String script, Path... moreDropIns) {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/unit-sandbox").toString(),
                ROOT.resolve("deploy/systemd").resolve(unit).toString(), dropIn.toString()));
        for (Path p : moreDropIns) {
            cmd.add(p.toString());
        }
        cmd.addAll(List.of("--", "sh", "-c", script));
        Shell.Result r = Shell.tryRun(cmd.toArray(String[]::new));
        System.out.printf("%s: %s → exit %d %s%n", unit, script, r.exitCode(), r.output().strip());
        return r;
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file).strip();
    }

    @Test
    void enforcerWritesItsCgroupSubtreeStateAndQueueFilesAndNothingElse() throws Exception {
        String unit = "vrguard-enforcer.service";
        assertThat(inUnit(unit, "echo 2048 > " + allowed.resolve("cpu.shares")).exitCode()).isZero();
        assertThat(read(allowed.resolve("cpu.shares"))).isEqualTo("2048");

        Shell.Result refused = inUnit(unit, "echo 2048 > " + outside.resolve("cpu.shares"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("Read-only file system");
        assertThat(read(outside.resolve("cpu.shares"))).isEqualTo("1024");

        Shell.Result etc = inUnit(unit, "touch /etc/vrgy-sandbox-probe");
        assertThat(etc.output()).contains("Read-only file system");
        assertThat(Files.exists(Path.of("/etc/vrgy-sandbox-probe"))).isFalse();

        assertThat(inUnit(unit, "echo ledger > " + state.resolve("ledger")).exitCode()).isZero();
        assertThat(read(state.resolve("ledger"))).isEqualTo("ledger");

        // RPS mask of a test veth: /sys/class/net/vrgy0/queues resolves under /sys/devices/virtual/net
        Path rps = Path.of("/sys/class/net/vrgy0/queues/rx-0/rps_cpus");
        assertThat(inUnit(unit, "echo 1 > " + rps).exitCode()).isZero();
        assertThat(Integer.parseInt(read(rps).replace(",", ""), 16)).isEqualTo(1);

        // kernel tunables stay read-only (the same value written back: harmless even if it went through)
        Shell.Result sysctl = inUnit(unit, "cat /proc/sys/net/core/netdev_budget > /proc/sys/net/core/netdev_budget");
        assertThat(sysctl.output()).contains("Read-only file system");

        // /proc/irq is writable inside (the machine's real IRQs are not touched: only the mount is inspected)
        assertThat(inUnit(unit, "grep ' /proc/irq ' /proc/self/mountinfo").output()).contains(" rw,");

        // the capability bounding set is exactly CAP_NET_ADMIN (12), CAP_SYS_PTRACE (19) and CAP_SYS_ADMIN (21)
        // (docker-compose.yml's enforcer: NET_ADMIN, SYS_PTRACE, SYS_ADMIN); no new privileges
        Shell.Result status = inUnit(unit, "grep -E 'CapBnd|CapEff|NoNewPrivs' /proc/self/status");
        assertThat(status.output()).contains("CapBnd:\t" + mask(12, 19, 21), "CapEff:\t" + mask(12, 19, 21),
                "NoNewPrivs:\t1");
    }

    /** The helper command line of the enforcer's NetnsQueueFiles for a VR namespace known by a pid. */
    private static String netnsRpsWrite(String mask) {
        return "nsenter --target " + vrPid + " --net -- unshare --mount --propagation private sh -c "
                + "'mount -t sysfs sysfs /sys && printf \"%s\\n\" " + mask
                + " > /sys/class/net/vrgy3/queues/rx-0/rps_cpus'";
    }

    private static int vrRps() {
        return Integer.parseInt(kernel.exec(vrNetns, "cat", "/sys/class/net/vrgy3/queues/rx-0/rps_cpus").strip()
                .replace(",", ""), 16);
    }

    @Test
    void enforcerReachesTheQueueFilesOfAVrNamespaceByThePidOfAnotherUsersProcess() throws Exception {
        String unit = "vrguard-enforcer.service";
        assertThat(inUnit(unit, netnsRpsWrite("1")).exitCode()).isZero();
        assertThat(vrRps()).isEqualTo(1);

        // without CAP_SYS_PTRACE the kernel refuses root the namespace link of a process of another user
        Path noPtrace = Files.writeString(work.resolve("no-ptrace.conf"),
                "[Service]\nCapabilityBoundingSet=\nCapabilityBoundingSet=CAP_NET_ADMIN CAP_SYS_ADMIN\n");
        Shell.Result refused = inUnit(unit, netnsRpsWrite("0"), noPtrace);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("Permission denied");
        assertThat(vrRps()).isEqualTo(1);
    }

    @Test
    void collectorCannotWriteKernelSettingsEvenWhereTheEnforcerMay() throws Exception {
        String unit = "vrguard-collector.service";
        Path rps = Path.of("/sys/class/net/vrgy0/queues/rx-0/rps_cpus");
        String before = read(rps);
        Shell.Result queue = inUnit(unit, "echo 2 > " + rps);
        assertThat(queue.exitCode()).isNotZero();
        assertThat(read(rps)).isEqualTo(before);
        assertThat(inUnit(unit, "echo 4096 > " + outside.resolve("cpu.shares")).output())
                .contains("Read-only file system");
        // its only capability: CAP_SYS_PTRACE (19), as docker-compose.yml's collector
        assertThat(inUnit(unit, "grep CapBnd /proc/self/status").output()).contains("CapBnd:\t" + mask(19));
        // it still reads what it samples, a VR process of another user included
        assertThat(inUnit(unit, "head -c 200 /proc/softirqs && cat " + outside.resolve("cpu.shares")).exitCode())
                .isZero();
        Shell.Result link = inUnit(unit, "readlink /proc/" + vrPid + "/ns/net && grep vrgy3 /proc/" + vrPid
                + "/net/dev");
        assertThat(link.exitCode()).isZero();
        assertThat(link.output()).contains("net:[", "vrgy3:");
        // and enters no namespace
        Shell.Result enter = inUnit(unit, "nsenter --target " + vrPid + " --net -- true");
        assertThat(enter.exitCode()).isNotZero();
        assertThat(enter.output()).contains("Operation not permitted");
    }

    private static String mask(int... bits) {
        long m = 0;
        for (int b : bits) {
            m |= 1L << b;
        }
        return String.format("%016x", m);
    }
}
