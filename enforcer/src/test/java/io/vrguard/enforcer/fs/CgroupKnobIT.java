package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.HostRoots;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.enforcer.support.Kernel;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU shares and quota on real cgroup v1 groups this test creates, and what cgroup v2 allows here. */
class CgroupKnobIT {
    private static final PolicyBounds BOUNDS = new PolicyBounds(2L, 262144L, true, List.of());

    @TempDir
    Path state;
    private final Kernel kernel = new Kernel();
    private final String name = "vrge-cg-" + Kernel.uniqueSuffix();
    private Path group;

    @BeforeAll
    static void sweep() {
        Kernel.sweep();
    }

    @BeforeEach
    void createGroup() throws IOException {
        group = kernel.cgroup(Kernel.CPU_V1, name, "vr1");
    }

    @AfterEach
    void cleanUp() {
        kernel.close();
    }

    private HostRig rig(Mode mode) throws IOException {
        Path inventory = HostRig.inventory(state, "routers:\n  - {name: vr1, kind: kvm, cgroup: " + name + "/vr1}\n");
        return new HostRig(HostRoots.system(), inventory, state, mode);
    }

    private String read(String file) throws IOException {
        return Files.readString(group.resolve(file)).strip();
    }

    @Test
    void sharesAreWrittenReadBackAndReverted() throws IOException {
        HostRig rig = rig(Mode.ENFORCE);
        Handled applied = rig.handle(HostRig.command("c1", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_SHARES, null, "2048", BOUNDS)));
        assertThat(applied.result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(applied.result().changes()).singleElement().satisfies(c -> {
            assertThat(c.before()).isEqualTo("1024");
            assertThat(c.after()).isEqualTo("2048");
            assertThat(c.method()).isEqualTo("cgroupfs");
        });
        assertThat(read("cpu.shares")).isEqualTo("2048");

        Handled weight = rig.handle(HostRig.command("c2", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_WEIGHT, null, "300", BOUNDS)));
        assertThat(weight.result().changes()).extracting(AppliedChange::after).containsExactly("3072");

        assertThat(rig.handle(HostRig.command("c3", CommandType.REVERT)).result().status())
                .isEqualTo(ActionStatus.REVERTED);
        assertThat(read("cpu.shares")).as("the original, not the intermediate value").isEqualTo("1024");
    }

    @Test
    void quotaIsWrittenAsQuotaAndPeriodAndReverted() throws IOException {
        HostRig rig = rig(Mode.ENFORCE);
        Handled h = rig.handle(HostRig.command("c1", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_QUOTA, null, "50000 200000", BOUNDS)));
        assertThat(h.result().status()).as(h.result().toString()).isEqualTo(ActionStatus.APPLIED);
        assertThat(read("cpu.cfs_quota_us")).isEqualTo("50000");
        assertThat(read("cpu.cfs_period_us")).isEqualTo("200000");
        rig.handle(HostRig.command("c2", CommandType.REVERT));
        assertThat(read("cpu.cfs_quota_us")).isEqualTo("-1");
        assertThat(read("cpu.cfs_period_us")).isEqualTo("100000");
    }

    @Test
    void aV1QuotaTheKernelRefusesLeavesThePreviousCapInPlace() throws IOException {
        // the parent caps at half a CPU, so the kernel refuses (EINVAL) a child quota above that
        Files.writeString(group.getParent().resolve("cpu.cfs_quota_us"), "50000\n");
        Files.writeString(group.resolve("cpu.cfs_quota_us"), "40000\n");
        Handled h = rig(Mode.ENFORCE).handle(HostRig.command("c1", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_QUOTA, null, "120000 200000", BOUNDS)));
        assertThat(h.result().status()).as(h.result().toString()).isEqualTo(ActionStatus.FAILED);
        assertThat(h.result().reason()).contains("Invalid argument", "previous quota 40000 and period 100000 are "
                + "restored");
        assertThat(h.result().changes()).singleElement().satisfies(c -> {
            assertThat(c.before()).isEqualTo("40000 100000");
            assertThat(c.after()).isEqualTo("40000 100000");
        });
        assertThat(read("cpu.cfs_quota_us")).as("still capped, never left at -1").isEqualTo("40000");
        assertThat(read("cpu.cfs_period_us")).isEqualTo("100000");
    }

    @Test
    void dryRunReadsTheRealValueAndLeavesItAlone() throws IOException {
        Handled h = rig(Mode.DRY_RUN).handle(HostRig.command("c1", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_SHARES, null, "2000", BOUNDS)));
        assertThat(h.result().status()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(h.result().changes()).singleElement().extracting(AppliedChange::before).isEqualTo("1024");
        assertThat(read("cpu.shares")).isEqualTo("1024");
    }

    @Test
    void theKernelsSilentClampIsCaughtByReadBack() throws Exception {
        // Validation refuses 300000 before any write; here the knob is driven directly to show why read-back matters.
        CpuCgroupKnob knob = new HostKnobs(HostRoots.system(), new ProcessRunner(java.time.Duration.ofSeconds(5)))
                .cpu(new io.vrguard.discovery.DiscoveredVr("vr1", io.vrguard.protocol.VrKind.KVM, "test", null,
                        List.of(), new io.vrguard.discovery.CgroupPlacement(java.util.Map.of("cpu", group), null,
                                null), null), Setting.CPU_SHARES);
        knob.write("300000");
        assertThat(knob.read()).isEqualTo("262144");
    }

    @Test
    void cgroupV2WithoutCpuControllerIsReportedUnavailableAndNothingIsWritten() throws IOException {
        Path v2 = kernel.cgroup(Kernel.UNIFIED, name + "-v2", "vr2");
        assertThat(v2.resolve("cpu.stat")).exists();
        Path inventory = HostRig.inventory(state, "routers:\n  - {name: vr2, kind: lxc, cgroup: " + name
                + "-v2/vr2}\n");
        HostRig rig = new HostRig(HostRoots.system(), inventory, state, Mode.ENFORCE);
        Handled h = rig.handle(HostRig.command("c1", CommandType.APPLY,
                new SettingChange("vr2", Setting.CPU_SHARES, null, "2048", BOUNDS)));
        assertThat(h.rejection()).isEqualTo("unavailable");
        assertThat(h.result().reason()).contains("has no cpu.weight");
        assertThat(v2.resolve("cpu.weight")).doesNotExist();
    }

    /**
     * cgroup v2 writes, where this machine's v2 hierarchy delegates the cpu controller to its children. Here
     * {@code /sys/fs/cgroup/unified} has no cpu controller (v1 owns it), so this is skipped with that reason; the
     * conversions and range checks are covered by {@code CodecsTest} and {@code CommandHandlerTest}.
     */
    @Test
    void cgroupV2WeightAndMaxAreWrittenReadBackAndRevertedWhereTheMachineAllows() throws IOException {
        Path rootControl = Kernel.UNIFIED.resolve("cgroup.subtree_control");
        String delegated = Files.isReadable(rootControl) ? Files.readString(rootControl).strip() : "(no v2 hierarchy)";
        Assumptions.assumeTrue(List.of(delegated.split(" ")).contains("cpu"), "cgroup v2 at " + Kernel.UNIFIED
                + " does not delegate the cpu controller (subtree_control: '" + delegated + "'): cpu.weight and"
                + " cpu.max cannot exist in a group created here");
        Path parent = kernel.cgroup(Kernel.UNIFIED, name + "-v2");
        Files.writeString(parent.resolve("cgroup.subtree_control"), "+cpu");
        Path v2 = Files.createDirectory(parent.resolve("vr2"));
        Path inventory = HostRig.inventory(state, "routers:\n  - {name: vr2, kind: lxc, cgroup: " + name
                + "-v2/vr2}\n");
        HostRig rig = new HostRig(HostRoots.system(), inventory, state, Mode.ENFORCE);
        String weightBefore = Files.readString(v2.resolve("cpu.weight")).strip();

        Handled shares = rig.handle(HostRig.command("c1", CommandType.APPLY,
                new SettingChange("vr2", Setting.CPU_SHARES, null, "2048", BOUNDS)));
        assertThat(shares.result().status()).as(shares.result().reason()).isEqualTo(ActionStatus.APPLIED);
        assertThat(Files.readString(v2.resolve("cpu.weight")).strip()).isEqualTo("200");
        Handled quota = rig.handle(HostRig.command("c2", CommandType.APPLY,
                new SettingChange("vr2", Setting.CPU_QUOTA, null, "50000 100000", BOUNDS)));
        assertThat(quota.result().status()).as(quota.result().reason()).isEqualTo(ActionStatus.APPLIED);
        assertThat(Files.readString(v2.resolve("cpu.max")).strip()).isEqualTo("50000 100000");

        assertThat(rig.handle(HostRig.command("c3", CommandType.REVERT)).result().status())
                .isEqualTo(ActionStatus.REVERTED);
        assertThat(Files.readString(v2.resolve("cpu.weight")).strip()).isEqualTo(weightBefore);
        assertThat(Files.readString(v2.resolve("cpu.max")).strip()).isEqualTo("max 100000");
    }
}
