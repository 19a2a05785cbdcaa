package io.vrguard.collector.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceSysfsTest {
    @TempDir
    Path root;

    @Test
    void aHostPeerNeedsBothDirectionsToAgree() {
        var vethA = new NamespaceSysfs.Link(7, 2);  // peer of the container's ifindex 2
        var eth0 = new NamespaceSysfs.Link(9, 9);   // a physical device: iflink = itself
        var vethB = new NamespaceSysfs.Link(11, 5); // points at ifindex 5 of some other namespace
        assertThat(NamespaceSysfs.arePeers(new NamespaceSysfs.Link(2, 7), vethA)).isTrue();
        assertThat(NamespaceSysfs.arePeers(new NamespaceSysfs.Link(3, 11), vethB)).isFalse();
        assertThat(NamespaceSysfs.arePeers(new NamespaceSysfs.Link(9, 9), eth0)).isFalse();
        assertThat(NamespaceSysfs.arePeers(new NamespaceSysfs.Link(2, 8), vethA)).isFalse();
    }

    @Test
    void aProcessSysfsIsUsedOnlyWhenItShowsExactlyTheNamespacesDevices() throws Exception {
        Path net = root.resolve("42/root/sys/class/net");
        Files.createDirectories(net.resolve("lo"));
        Files.createDirectories(net.resolve("eth0"));
        Files.writeString(net.resolve("bonding_masters"), "\n");
        assertThat(NamespaceSysfs.of(root, 42, Set.of("lo", "eth0"))).contains(root.resolve("42/root/sys"));
        assertThat(NamespaceSysfs.of(root, 42, Set.of("lo", "eth0", "eth1"))).isEmpty();
        assertThat(NamespaceSysfs.of(root, 43, Set.of("lo"))).isEmpty();
    }
}
