package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.HostRoots;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

    @BeforeEach
    void copyFixture() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/fixtures/sriov-host").toURI());
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path p : files.toList()) {
                Path target = host.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path sys = host.resolve("sys");
        link(sys, "class/net/vf0", "../../devices/pci0000:00/0000:3b:02.1/net/vf0");
        link(sys, "devices/pci0000:00/0000:3b:02.1/net/vf0/device", "../../../0000:3b:02.1");
        link(sys, "class/net/eth9", "../../devices/pci0000:00/0000:00:03.0/virtio2/net/eth9");
        link(sys, "devices/pci0000:00/0000:00:03.0/virtio2/net/eth9/device", "../../../virtio2");
        Files.createDirectories(sys.resolve("class/net/veth7"));
        Path inventory = HostRig.inventory(state, """
                routers:
                  - {name: vr3, kind: lxc, interfaces: [{name: vf0, side: host}, {name: veth7, side: host}]}
                  - {name: other, kind: kvm, interfaces: [{name: eth9, side: host}]}
                """);
        rig = new HostRig(HostRoots.under(host), inventory, state, Mode.ENFORCE);
    }

    private static void link(Path sys, String at, String to) throws IOException {
        Path link = sys.resolve(at);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(to));
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
    void eioIsExplainedAsAnIrqTheKernelWillNotMove() {
        var eio = new io.vrguard.enforcer.core.KnobException("the kernel refused 1 in /proc/irq/37/smp_affinity_list:"
                + " /proc/irq/37/smp_affinity_list: Input/output error");
        assertThat(IrqAffinityKnob.explain(37, eio)).hasMessage(
                "the kernel will not move IRQ 37 (EIO: a managed or per-CPU IRQ)");
    }
}
