package io.vrguard.enforcer.fs;

import io.vrguard.discovery.SafePaths;
import io.vrguard.enforcer.core.KnobException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The IRQs that belong to one network interface and to nothing else: the MSI/MSI-X vectors of its own bus device
 * ({@code /sys/class/net/IF/device}) when that device serves this interface alone, or, for virtio-net, of the PCI
 * function whose {@code virtioN} device it is (virtio-pci allocates the vectors on the PCI function: the one step up
 * that is justified). Nothing else: for a NIC without MSI, a USB NIC or a representor, walking further up or
 * sharing the device would reach a root port's, an xHCI controller's or a PF's IRQs, which serve others. The paths
 * never leave the sys root.
 */
final class InterfaceIrqs {
    private static final Pattern VIRTIO = Pattern.compile("virtio[0-9]+");
    private static final Pattern PCI_FUNCTION = Pattern.compile("[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");

    private final Path sys;

    InterfaceIrqs(Path sys) {
        this.sys = sys;
    }

    List<Integer> of(String iface) throws KnobException {
        Path root;
        Path device;
        try {
            root = sys.toRealPath();
            device = sys.resolve("class/net").resolve(SafePaths.interfaceName(iface)).resolve("device").toRealPath();
        } catch (IOException e) {
            throw new KnobException(iface + " has no bus device (virtual interface?): no IRQs of its own", e);
        }
        if (!SafePaths.isInside(root, device)) {
            throw new KnobException(iface + "'s device resolves outside " + sys + ": no IRQs of its own");
        }
        servesOnly(device, iface);
        if (Files.isDirectory(device.resolve("msi_irqs"))) {
            return list(device.resolve("msi_irqs"), iface);
        }
        if (isVirtio(device)) {
            return virtioParent(root, device, iface);
        }
        throw new KnobException(iface + "'s device " + device.getFileName() + " has no MSI/MSI-X vectors of its own "
                + "(a NIC on a legacy interrupt, a USB NIC?); the IRQs of the devices above it serve others: none "
                + "moved");
    }

    /** A device with several interfaces (a PF with its representors, a multi-port function) shares its IRQs. */
    private static void servesOnly(Path device, String iface) throws KnobException {
        List<String> interfaces;
        try (Stream<Path> entries = Files.list(device.resolve("net"))) {
            interfaces = entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new KnobException("cannot tell which interfaces " + device.getFileName() + " serves ("
                    + e.getMessage() + "): no IRQs moved", e);
        }
        if (!interfaces.equals(List.of(iface))) {
            throw new KnobException(iface + "'s device " + device.getFileName() + " serves the interfaces "
                    + interfaces + " (a representor's PF, a multi-port function): its IRQs are not " + iface
                    + "'s alone");
        }
    }

    private static boolean isVirtio(Path device) {
        if (!VIRTIO.matcher(device.getFileName().toString()).matches()) {
            return false;
        }
        Path subsystem = device.resolve("subsystem");
        try {
            return !Files.exists(subsystem) || subsystem.toRealPath().getFileName().toString().equals("virtio");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Integer> virtioParent(Path root, Path virtio, String iface) throws KnobException {
        Path pci = virtio.getParent();
        if (pci == null || !SafePaths.isInside(root, pci) || !PCI_FUNCTION.matcher(pci.getFileName().toString())
                .matches() || !Files.isDirectory(pci.resolve("msi_irqs"))) {
            throw new KnobException(iface + " is virtio-net on " + (pci == null ? "nothing" : pci.getFileName())
                    + ", not a PCI function with MSI/MSI-X vectors (virtio-mmio?): no IRQs of its own");
        }
        return list(pci.resolve("msi_irqs"), iface);
    }

    private static List<Integer> list(Path msi, String iface) throws KnobException {
        try (Stream<Path> entries = Files.list(msi)) {
            List<Integer> irqs = entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{1,7}"))
                    .map(Integer::parseInt).sorted().toList();
            if (irqs.isEmpty()) {
                throw new KnobException(iface + "'s device lists no MSI vectors");
            }
            return irqs;
        } catch (IOException e) {
            throw new KnobException("cannot list " + msi + ": " + e.getMessage(), e);
        }
    }
}
