package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.testkit.KernelObjects;
import io.vrguard.testkit.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped systemd units' confinement, applied without systemd by {@code scripts/unit-sandbox} (their
 * ProtectSystem, ReadOnlyPaths, ReadWritePaths, StateDirectory, PrivateTmp, CapabilityBoundingSet and
 * NoNewPrivileges, in a private mount namespace with read-only bind remounts and setpriv): the writes the enforcer
 * makes work inside the allowed paths with its capabilities, and the same writes elsewhere, or without the
 * capability, are refused. The allowed cgroup subtree and state directory come from a drop-in, as an operator
 * adapts the unit to a host with {@code systemctl edit}.
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

    private static Shell.Result inUnit(String unit, String script) {
        Shell.Result r = Shell.tryRun(ROOT.resolve("scripts/unit-sandbox").toString(),
                ROOT.resolve("deploy/systemd").resolve(unit).toString(), dropIn.toString(), "--", "sh", "-c", script);
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

        // the capability bounding set is exactly CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21); no new privileges
        Shell.Result status = inUnit(unit, "grep -E 'CapBnd|CapEff|NoNewPrivs' /proc/self/status");
        assertThat(status.output()).contains("CapBnd:\t" + mask(12, 21), "CapEff:\t" + mask(12, 21),
                "NoNewPrivs:\t1");
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
        // its only capabilities: CAP_SYS_PTRACE (19) and CAP_SYS_ADMIN (21); CAP_NET_ADMIN is gone
        assertThat(inUnit(unit, "grep CapBnd /proc/self/status").output()).contains("CapBnd:\t" + mask(19, 21));
        // it still reads what it samples
        assertThat(inUnit(unit, "head -c 200 /proc/softirqs && cat " + outside.resolve("cpu.shares")).exitCode())
                .isZero();
    }

    private static String mask(int... bits) {
        long m = 0;
        for (int b : bits) {
            m |= 1L << b;
        }
        return String.format("%016x", m);
    }
}
