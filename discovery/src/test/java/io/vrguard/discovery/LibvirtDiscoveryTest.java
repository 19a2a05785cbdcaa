package io.vrguard.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.VrKind;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class LibvirtDiscoveryTest {
    static Path fixture(String name) {
        try {
            return Path.of(Objects.requireNonNull(LibvirtDiscoveryTest.class.getResource("/fixtures/" + name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VrDiscovery.DiscoveryResult discover(String fixture, String base) {
        return new LibvirtDiscovery(HostRoots.under(fixture(fixture)), base).discover();
    }

    @Test
    void systemdCgroupV1WithNestedLibvirtGroupAndStatusXml() {
        var result = discover("libvirt-systemd-v1", "");

        assertThat(result.problems()).isEmpty();
        DiscoveredVr vm1 = result.routers().get(0);
        assertThat(result.routers()).hasSize(1);
        assertThat(vm1.name()).isEqualTo("vm1");
        assertThat(vm1.kind()).isEqualTo(VrKind.KVM);
        assertThat(vm1.libvirtDomain()).isEqualTo("vm1");
        Path root = fixture("libvirt-systemd-v1").resolve("sys/fs/cgroup");
        assertThat(vm1.cgroup().v1("cpu")).contains(root.resolve("cpu/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope"));
        assertThat(vm1.cgroup().v1("cpuset")).isPresent();
        assertThat(vm1.cgroup().systemdUnit()).isEqualTo("machine-qemu\\x2d1\\x2dvm1.scope");
        assertThat(vm1.interfaces()).containsExactly(
                new VrInterface("vnet3", NetnsRef.HOST, true),
                new VrInterface("vnet4", NetnsRef.HOST, true),
                new VrInterface("macvtap3", NetnsRef.HOST, false));
    }

    @Test
    void systemdCgroupV2BeforeLibvirt71TruncatedXmlAndSanitisedName() {
        var result = discover("libvirt-systemd-v2", "");

        assertThat(result.routers()).extracting(DiscoveredVr::name).containsExactly("vm2", "vm_under");
        DiscoveredVr vm2 = result.routers().get(0);
        assertThat(vm2.interfaces()).isEmpty();
        assertThat(vm2.cgroup().v2()).hasFileName("machine-qemu\\x2d2\\x2dvm2.scope");
        assertThat(result.problems()).singleElement().asString().contains("vm2.xml", "unreadable");
        DiscoveredVr under = result.routers().get(1);
        assertThat(under.cgroup().v2()).hasFileName("machine-qemu\\x2d5\\x2dvmunder.scope");
        assertThat(under.interfaces()).containsExactly(new VrInterface("vnet9", NetnsRef.HOST, true));
    }

    @Test
    void hostWithoutSystemdCurrentAndOldGroupNamesAndAHostileXmlRefused() {
        var result = discover("libvirt-nosystemd", "");

        assertThat(result.routers()).extracting(DiscoveredVr::name).containsExactly("vm3", "vm4");
        DiscoveredVr vm3 = result.routers().get(0);
        assertThat(vm3.cgroup().systemdUnit()).isNull();
        assertThat(vm3.cgroup().v1("cpuacct").orElseThrow()).hasFileName("qemu-3-vm3.libvirt-qemu");
        assertThat(vm3.interfaces()).extracting(VrInterface::name).containsExactly("vnet11", "vnet12", "macvtap11");
        assertThat(result.routers().get(1).interfaces()).isEmpty();
        assertThat(result.problems()).singleElement().asString().contains("vm4.xml", "DOCTYPE");
    }

    @Test
    void cgroupBasePrefixFindsTheLabLayoutOnlyBelowTheBase() {
        var lab = discover("lab-base", "vrglab");
        assertThat(lab.routers()).extracting(DiscoveredVr::name).containsExactly("labvr");
        assertThat(lab.routers().get(0).cgroup().v1("cpu").orElseThrow().toString()).contains("/vrglab/machine.slice/");
        assertThat(lab.routers().get(0).cgroup().systemdUnit()).as("no systemd owns lab groups").isNull();

        var host = discover("lab-base", "");
        assertThat(host.routers()).extracting(DiscoveredVr::name).containsExactlyInAnyOrder("hostvm", "labvr");
    }

    @Test
    void namesFromCgroupDirectories() {
        assertThat(CgroupNames.domainOfScope("machine-qemu\\x2d12\\x2dmy\\x2dvm.scope")).contains("my-vm");
        assertThat(CgroupNames.domainOfScope("machine-lxc\\x2d77\\x2dct9.scope")).isEmpty();
        assertThat(CgroupNames.domainOfPartitionGroup("_qemu-3-vm3.libvirt-qemu")).contains("vm3");
        assertThat(CgroupNames.domainOfPartitionGroup("x.libvirt-lxc")).isEmpty();
        assertThat(CgroupNames.sanitizeLikeLibvirt("--my__vm..1-")).isEqualTo("myvm.1");
    }
}
