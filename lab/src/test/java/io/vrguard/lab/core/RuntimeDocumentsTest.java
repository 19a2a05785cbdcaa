package io.vrguard.lab.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.InventoryFile;
import io.vrguard.discovery.NetnsRef;
import io.vrguard.discovery.VrInterface;
import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDocumentsTest {
    private static final RouterSpec VR1 = new RouterSpec(1, "vr1", VrKind.KVM, 29, 1024);
    private static final RouterSpec VR2 = new RouterSpec(2, "vr2", VrKind.LXC, 100, 1024);

    @TempDir
    Path dir;

    @Test
    void discoveryReadsTheInventoryTheLabWrites() throws IOException {
        for (String c : List.of("cpu", "cpuacct", "cpuset")) {
            Files.createDirectories(dir.resolve("sys/fs/cgroup/" + c + "/" + LabNames.of(VR1).scopeCgroup()));
        }
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, RuntimeDocuments.inventory(List.of(VR1, VR2)));

        var result = new InventoryFile(file, HostRoots.under(dir)).discover();

        assertThat(result.problems()).isEmpty();
        DiscoveredVr kvm = result.routers().get(0);
        assertThat(kvm.name()).isEqualTo("vr1");
        assertThat(kvm.netns()).isEqualTo(NetnsRef.named("vrgl-vr1"));
        assertThat(kvm.interfaces()).containsExactly(
                new VrInterface("vrgl1ta", NetnsRef.named("vrgl-vr1"), true),
                new VrInterface("vrgl1tb", NetnsRef.named("vrgl-vr1"), true));
        assertThat(kvm.cgroup().v1("cpu")).contains(
                dir.resolve("sys/fs/cgroup/cpu/vrglab/machine.slice/machine-qemu\\x2d1\\x2dvr1.scope"));
        DiscoveredVr lxc = result.routers().get(1);
        assertThat(lxc.kind()).isEqualTo(VrKind.LXC);
        assertThat(lxc.interfaces()).extracting(VrInterface::name).containsExactly("vrgl2in", "vrgl2out");
    }

    @Test
    void domstatusNamesThePidVcpuAndTaps() {
        String xml = RuntimeDocuments.domstatus(new RuntimeDocuments.KvmDomain(VR1, 4242));

        assertThat(xml).contains("<domstatus state='running' reason='booted' pid='4242'>",
                "<vcpu id='0' pid='4242'/>", "<name>vr1</name>", "<target dev='vrgl1ta'/>",
                "<target dev='vrgl1tb'/>", "netns='vrgl-vr1'");
    }
}
