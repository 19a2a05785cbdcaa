package io.vrguard.enforcer.fs;

import io.vrguard.discovery.SafePaths;
import io.vrguard.enforcer.core.KnobException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The IRQs that belong to one network interface: the MSI/MSI-X vectors of its bus device, found by following
 * {@code /sys/class/net/IF/device} and walking up to the first directory with {@code msi_irqs/} (a PCI function
 * directly; for virtio-net the PCI parent of {@code virtioN}). Only these may be moved for the interface's VR;
 * the walk never leaves the sys root.
 */
final class InterfaceIrqs {
    private final Path sys;

    InterfaceIrqs(Path sys) {
        this.sys = sys;
    }

    List<Integer> of(String iface) throws KnobException {
        Path device = sys.resolve("class/net").resolve(SafePaths.interfaceName(iface)).resolve("device");
        Path root;
        Path dir;
        try {
            root = sys.toRealPath();
            dir = device.toRealPath();
        } catch (IOException e) {
            throw new KnobException(iface + " has no bus device (virtual interface?): no IRQs of its own", e);
        }
        while (dir != null && SafePaths.isInside(root, dir)) {
            Path msi = dir.resolve("msi_irqs");
            if (Files.isDirectory(msi)) {
                return list(msi, iface);
            }
            dir = dir.getParent();
        }
        throw new KnobException(iface + "'s device has no MSI/MSI-X vectors: no IRQs to move");
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
