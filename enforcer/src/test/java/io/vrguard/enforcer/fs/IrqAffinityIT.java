package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.InventoryFile;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.enforcer.core.KnobException;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IRQ affinity against a captured /proc + /sys tree (SR-IOV IRQs cannot exist here, and tests never touch the
 * machine's real IRQs), read and written through the same roots as on a host.
 */
class IrqAffinityIT {
    @TempDir
    Path host;
    @TempDir
    Path state;
    private static final PolicyBounds ANY_CPU = new PolicyBounds(null, null, false, List.of());
    private HostRig rig;
    private Path inventory;

    @BeforeEach
    void copyFixture() throws IOException {
        SriovHostFixture.copyTo(host);
        inventory = HostRig.inventory(state, """
                routers:
                  - {name: vr3, kind: lxc, interfaces: [{name: vf0, side: host}, {name: veth7, side: host}]}
                  - {name: other, kind: kvm, interfaces: [{name: eth9, side: host}]}
                  - {name: vr5, kind: lxc, interfaces: [{name: usb0, side: host}, {name: eth2, side: host},
                      {name: pf0vf1, side: host}]}
                """);
        rig = new HostRig(HostRoots.under(host), inventory, state, Mode.ENFORCE);
    }

    /** The same host, its IRQ writes going through {@code writer} (a kernel that answers EIO, or moves the IRQ). */
    private HostRig rigWriting(IrqAffinityKnob.Writer writer) {
        HostRoots roots = HostRoots.under(host);
        return new HostRig(roots, new InventoryFile(inventory, roots),
                new HostKnobs(roots, new ProcessRunner(Duration.ofSeconds(5)), writer), state, Mode.ENFORCE);
    }

    private String irq(int n, String file) throws IOException {
        return Files.readString(host.resolve("proc/irq/" + n + "/" + file)).strip();
    }

    @Test
    void onlyTheVfsOwnVectorsAreMovedAndTheEffectiveAffinityIsReported() throws IOException {
        Handled h = rig.handle(HostRig.command("i1", CommandType.APPLY, new SettingChange("vr3",
                Setting.IRQ_AFFINITY, "vf0", "2-3", new PolicyBounds(null, null, false, List.of(2, 3)))));
        assertThat(h.result().status()).as(h.result().toString()).isEqualTo(ActionStatus.APPLIED);
        assertThat(h.result().changes()).extracting(AppliedChange::target, AppliedChange::before,
                AppliedChange::after, AppliedChange::method).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("vf0/irq 37", "0-3", "2-3", "procfs"),
                        org.assertj.core.groups.Tuple.tuple("vf0/irq 38", "0-3", "2-3", "procfs"));
        assertThat(h.result().changes().get(0).detail()).isEqualTo("effective_affinity_list=0");
        assertThat(irq(37, "smp_affinity_list")).isEqualTo("2-3");
        assertThat(irq(40, "smp_affinity_list")).as("another VR's IRQ").isEqualTo("0-3");

        rig.handle(HostRig.command("i2", CommandType.REVERT));
        assertThat(irq(37, "smp_affinity_list")).isEqualTo("0-3");
        assertThat(irq(38, "smp_affinity_list")).isEqualTo("0-3");
    }

    @Test
    void anotherVrsInterfaceIsRefusedAndAVirtioNicIsFoundThroughItsPciParent() throws IOException {
        Handled foreign = rig.handle(HostRig.command("i3", CommandType.APPLY,
                new SettingChange("vr3", Setting.IRQ_AFFINITY, "eth9", "1", ANY_CPU)));
        assertThat(foreign.rejection()).isEqualTo("unknown_interface");
        assertThat(irq(40, "smp_affinity_list")).isEqualTo("0-3");

        Handled own = rig.handle(HostRig.command("i4", CommandType.APPLY,
                new SettingChange("other", Setting.IRQ_AFFINITY, "eth9", "1", ANY_CPU)));
        assertThat(own.result().changes()).extracting(AppliedChange::target).containsExactly("eth9/irq 40");
        assertThat(irq(40, "smp_affinity_list")).isEqualTo("1");
    }

    @Test
    void aRunningIrqbalanceIsReportedWithTheChange() throws IOException {
        Files.createDirectories(host.resolve("proc/4242"));
        Files.writeString(host.resolve("proc/4242/comm"), "irqbalance\n");
        Handled h = rig.handle(HostRig.command("i7", CommandType.APPLY,
                new SettingChange("vr3", Setting.IRQ_AFFINITY, "vf0", "1", ANY_CPU)));
        assertThat(h.result().changes().get(0).detail())
                .isEqualTo("effective_affinity_list=0; irqbalance is running (pid 4242) and may move this IRQ back "
                        + "unless it is banned there");
    }

    @Test
    void anInterfaceWithoutBusDeviceHasNoIrqsToMove() {
        Handled h = rig.handle(HostRig.command("i5", CommandType.APPLY,
                new SettingChange("vr3", Setting.IRQ_AFFINITY, "veth7", "1", ANY_CPU)));
        assertThat(h.rejection()).isEqualTo("unavailable");
        assertThat(h.result().reason()).contains("no bus device");
    }

    @Test
    void aWriteTheKernelRefusesFailsTheCommandAndStopsThere() throws IOException {
        // A regular file cannot return EIO; a directory in its place makes the write fail the same way.
        Path list = host.resolve("proc/irq/38/smp_affinity_list");
        Files.delete(list);
        Files.createDirectory(list);
        Files.writeString(list.resolve("x"), "");
        Handled h = rig.handle(HostRig.command("i6", CommandType.APPLY,
                new SettingChange("vr3", Setting.IRQ_AFFINITY, "vf0", "1", ANY_CPU)));
        assertThat(h.rejection()).as("reading it already fails: refused before any write").isEqualTo("unavailable");
        assertThat(irq(37, "smp_affinity_list")).isEqualTo("0-3");
    }

    @Test
    void aNicWhoseNearestVectorsAreAnotherDevicesIsRefusedAndNoIrqMoves() throws IOException {
        for (String nic : List.of("usb0", "eth2", "pf0vf1")) {
            Handled h = rig.handle(HostRig.command("o-" + nic, CommandType.APPLY,
                    new SettingChange("vr5", Setting.IRQ_AFFINITY, nic, "1", ANY_CPU)));
            assertThat(h.rejection()).as(nic).isEqualTo("unavailable");
            assertThat(h.result().reason()).as(nic).contains(nic);
        }
        for (int other : List.of(41, 42, 50, 51)) {
            assertThat(irq(other, "smp_affinity_list")).as("IRQ " + other).isEqualTo("0-3");
        }
    }

    @Test
    void anIrqTheKernelWillNotMoveRefusesTheWholeCommandAndNothingIsChanged() throws IOException {
        Path unmovable = host.resolve("proc/irq/38/smp_affinity_list");
        HostRig eio = rigWriting((file, value) -> {
            if (file.equals(unmovable)) { // what KernelFiles reports for the kernel's EIO
                throw new KnobException("the kernel refused " + value + " in " + file + ": " + file
                        + ": Input/output error");
            }
            KernelFiles.write(file, value);
        });
        Handled h = eio.handle(HostRig.command("i8", CommandType.APPLY,
                new SettingChange("vr3", Setting.IRQ_AFFINITY, "vf0", "1", ANY_CPU)));
        assertThat(h.result().status()).isEqualTo(ActionStatus.REJECTED);
        assertThat(h.rejection()).isEqualTo("irq_unmovable");
        assertThat(h.result().reason()).contains("the kernel will not move IRQ 38", "nothing of this command was "
                + "changed");
        assertThat(h.result().changes()).extracting(AppliedChange::outcome).containsOnly("rejected");
        assertThat(irq(37, "smp_affinity_list")).as("not moved before 38 was found unmovable").isEqualTo("0-3");
        assertThat(irq(38, "smp_affinity_list")).isEqualTo("0-3");
    }

    @Test
    void theEffectiveAffinityBeforeAndAfterIsReportedAsValues() throws IOException {
        // a kernel that programs the first allowed CPU, as x86 does
        HostRig x86 = rigWriting((file, value) -> {
            KernelFiles.write(file, value);
            String first = value.split("[-,]")[0];
            KernelFiles.write(file.resolveSibling("effective_affinity_list"), first);
        });
        Handled h = x86.handle(HostRig.command("i9", CommandType.APPLY, new SettingChange("vr3",
                Setting.IRQ_AFFINITY, "vf0", "2-3", ANY_CPU)));
        assertThat(h.result().status()).as(h.result().toString()).isEqualTo(ActionStatus.APPLIED);
        assertThat(h.result().changes()).extracting(AppliedChange::target, AppliedChange::effectiveBefore,
                AppliedChange::effectiveAfter).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("vf0/irq 37", "0", "2"),
                        org.assertj.core.groups.Tuple.tuple("vf0/irq 38", "0", "2"));
        assertThat(irq(37, "effective_affinity_list")).isEqualTo("2");
    }

    @Test
    void eioIsExplainedAsAnIrqTheKernelWillNotMove() {
        var eio = new io.vrguard.enforcer.core.KnobException("the kernel refused 1 in /proc/irq/37/smp_affinity_list:"
                + " /proc/irq/37/smp_affinity_list: Input/output error");
        assertThat(IrqAffinityKnob.explain(37, eio)).hasMessage(
                "the kernel will not move IRQ 37 (EIO: a managed or per-CPU IRQ)");
    }
}
