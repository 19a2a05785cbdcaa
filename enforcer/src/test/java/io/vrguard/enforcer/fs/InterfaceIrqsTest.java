package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.enforcer.core.KnobException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which IRQs are an interface's own, on the captured SR-IOV host: its own PCI function's, or a virtio-net's PCI
 * parent's, and never those of a device above it or shared with other interfaces.
 */
class InterfaceIrqsTest {
    @TempDir
    Path host;
    private InterfaceIrqs irqs;

    @BeforeEach
    void fixture() throws IOException {
        SriovHostFixture.copyTo(host);
        irqs = new InterfaceIrqs(host.resolve("sys"));
    }

    @Test
    void aFunctionsOwnVectorsAndAVirtioNicsPciParentsAreTheInterfaces() throws KnobException {
        assertThat(irqs.of("vf0")).containsExactly(37, 38);
        assertThat(irqs.of("eth9")).containsExactly(40);
    }

    @Test
    void aUsbNicNeverGetsItsHostControllersIrqs() {
        assertThatThrownBy(() -> irqs.of("usb0")).isInstanceOf(KnobException.class)
                .hasMessageContaining("1-2:1.0 has no MSI/MSI-X vectors of its own");
    }

    @Test
    void aNicWithoutMsiNeverGetsItsRootPortsIrq() {
        assertThatThrownBy(() -> irqs.of("eth2")).isInstanceOf(KnobException.class)
                .hasMessageContaining("0000:02:00.0 has no MSI/MSI-X vectors of its own");
    }

    @Test
    void aRepresentorAndItsUplinkNeverGetThePfsIrqs() {
        assertThatThrownBy(() -> irqs.of("pf0vf1")).isInstanceOf(KnobException.class)
                .hasMessageContaining("serves the interfaces [pf0, pf0vf1]");
        assertThatThrownBy(() -> irqs.of("pf0")).isInstanceOf(KnobException.class)
                .hasMessageContaining("are not pf0's alone");
    }

    @Test
    void virtioOnAnythingButAPciFunctionHasNoIrqsOfItsOwn() {
        assertThatThrownBy(() -> irqs.of("eth5")).isInstanceOf(KnobException.class)
                .hasMessageContaining("virtio-net on a000000.virtio_mmio");
    }

    @Test
    void aVirtioDeviceOfAnotherBusIsNotTakenForVirtio() throws IOException {
        // named like one, but sysfs says it is on another bus: its parent's vectors are not its own
        Path virtio = host.resolve("sys/devices/pci0000:00/0000:00:03.0/virtio2");
        Files.createDirectories(host.resolve("sys/bus/platform"));
        Files.createSymbolicLink(virtio.resolve("subsystem"), virtio.relativize(host.resolve("sys/bus/platform")));
        assertThatThrownBy(() -> irqs.of("eth9")).isInstanceOf(KnobException.class)
                .hasMessageContaining("virtio2 has no MSI/MSI-X vectors of its own");
    }

    @Test
    void aVirtualInterfaceHasNoIrqs() {
        assertThatThrownBy(() -> irqs.of("veth7")).isInstanceOf(KnobException.class)
                .hasMessageContaining("no bus device");
    }
}
