package io.vrguard.enforcer.fs;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The captured SR-IOV host ({@code src/test/resources/fixtures/sriov-host}, see its README) copied to a directory,
 * with the {@code sys/class/net/IF} and {@code device} links sysfs has (Maven does not keep symlinks).
 */
final class SriovHostFixture {
    private SriovHostFixture() {
    }

    static void copyTo(Path host) throws IOException {
        Path fixture;
        try {
            fixture = Path.of(SriovHostFixture.class.getResource("/fixtures/sriov-host").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
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
        String pci = "devices/pci0000:00/";
        netdev(sys, "vf0", pci + "0000:3b:02.1");
        netdev(sys, "eth9", pci + "0000:00:03.0/virtio2");
        netdev(sys, "usb0", pci + "0000:00:14.0/usb1/1-2/1-2:1.0");
        netdev(sys, "eth2", pci + "0000:00:1c.0/0000:02:00.0");
        netdev(sys, "pf0", pci + "0000:3b:00.0");
        netdev(sys, "pf0vf1", pci + "0000:3b:00.0");
        netdev(sys, "eth5", "devices/platform/a000000.virtio_mmio/virtio5");
        Files.createDirectories(sys.resolve("class/net/veth7")); // virtual: no device link
    }

    /** {@code class/net/IF -> DEVICE/net/IF} and {@code DEVICE/net/IF/device -> DEVICE}, as sysfs links them. */
    private static void netdev(Path sys, String iface, String device) throws IOException {
        Path dir = sys.resolve(device).resolve("net").resolve(iface);
        Files.createDirectories(dir);
        Files.createDirectories(sys.resolve("class/net"));
        Files.createSymbolicLink(sys.resolve("class/net").resolve(iface), sys.resolve("class/net").relativize(dir));
        Files.createSymbolicLink(dir.resolve("device"), dir.relativize(sys.resolve(device)));
    }
}
