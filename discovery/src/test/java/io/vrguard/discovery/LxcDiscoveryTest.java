package io.vrguard.discovery;

import static io.vrguard.discovery.LibvirtDiscoveryTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.VrKind;
import org.junit.jupiter.api.Test;

class LxcDiscoveryTest {
    private static VrDiscovery.DiscoveryResult discover(String fixture) {
        return new LxcDiscovery(HostRoots.under(fixture(fixture)), "").discover();
    }

    @Test
    void lxc5OnCgroupV2FindsInitInAChildGroupAndReadsInterfacesInItsNamespace() {
        var result = discover("lxc5-v2");

        assertThat(result.routers()).extracting(DiscoveredVr::name).containsExactlyInAnyOrder("ct1", "ct0");
        DiscoveredVr ct1 = result.routers().stream().filter(v -> v.name().equals("ct1")).findFirst().orElseThrow();
        assertThat(ct1.kind()).isEqualTo(VrKind.LXC);
        assertThat(ct1.netns()).isEqualTo(NetnsRef.ofPid(4242));
        assertThat(ct1.interfaces()).containsExactly(
                new VrInterface("eth0", NetnsRef.ofPid(4242), false),
                new VrInterface("eth1", NetnsRef.ofPid(4242), false));
        assertThat(ct1.cgroup().v2()).hasFileName("lxc.payload.ct1");
        assertThat(result.problems()).singleElement().asString().contains("ct0", "no process");
    }

    @Test
    void lxc4OnCgroupV1IgnoresMonitorAndSkipsMalformedLines() {
        var result = discover("lxc4-v1");

        assertThat(result.routers()).extracting(DiscoveredVr::name).containsExactlyInAnyOrder("ct2", "ct3");
        DiscoveredVr ct2 = result.routers().stream().filter(v -> v.name().equals("ct2")).findFirst().orElseThrow();
        assertThat(ct2.netns()).isEqualTo(NetnsRef.ofPid(5151));
        assertThat(ct2.cgroup().v1()).containsOnlyKeys("cpu", "cpuacct", "cpuset");
        DiscoveredVr ct3 = result.routers().stream().filter(v -> v.name().equals("ct3")).findFirst().orElseThrow();
        assertThat(ct3.netns()).isEqualTo(NetnsRef.ofPid(6161));
        assertThat(ct3.interfaces()).extracting(VrInterface::name).containsExactly("eth0");
        assertThat(result.problems()).singleElement().asString().contains("ct3", "2 malformed line(s)");
    }

    @Test
    void oldLxcLayout() {
        var result = discover("lxc-old");

        assertThat(result.problems()).isEmpty();
        assertThat(result.routers()).singleElement().satisfies(ct -> {
            assertThat(ct.name()).isEqualTo("ct4");
            assertThat(ct.interfaces()).extracting(VrInterface::name).containsExactly("eth0");
            assertThat(ct.cgroup().v1("cpu").orElseThrow().toString()).endsWith("cpu/lxc/ct4");
        });
    }

    @Test
    void inventoryWinsOverDiscovery() {
        var roots = HostRoots.under(fixture("lab-base"));
        var merged = MergedDiscovery.forHost(roots, fixture("lab-base").resolve("inventory.yaml"), "vrglab");

        var result = merged.discover();

        assertThat(result.problems()).isEmpty();
        assertThat(result.routers()).extracting(DiscoveredVr::name).containsExactly("labvr", "extra");
        assertThat(result.routers().get(0).source()).isEqualTo("inventory");
        assertThat(result.routers().get(0).kind()).isEqualTo(VrKind.LXC);
    }
}
