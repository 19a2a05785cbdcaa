package io.vrguard.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryFileTest {
    @TempDir
    Path dir;

    private VrDiscovery.DiscoveryResult load(String yaml) throws IOException {
        Files.createDirectories(dir.resolve("sys/fs/cgroup/cpu/vrg/vr1"));
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, yaml);
        return new InventoryFile(file, HostRoots.under(dir)).discover();
    }

    @Test
    void readsNetnsInterfacesSidesAndCgroup() throws IOException {
        var result = load("""
                routers:
                  - name: vr1
                    kind: kvm
                    netns: vrg-vr1
                    cgroup: /vrg/vr1
                    interfaces: [eth0, {name: vnet3, side: host}, {name: macvtap0, side: macvtap}]
                """);

        assertThat(result.problems()).isEmpty();
        DiscoveredVr vr = result.routers().get(0);
        assertThat(vr.kind()).isEqualTo(VrKind.KVM);
        assertThat(vr.netns()).isEqualTo(NetnsRef.named("vrg-vr1"));
        assertThat(vr.interfaces()).containsExactly(
                new VrInterface("eth0", NetnsRef.named("vrg-vr1"), false),
                new VrInterface("vnet3", NetnsRef.HOST, true),
                new VrInterface("macvtap0", NetnsRef.HOST, false));
        assertThat(vr.cgroup().v1("cpu")).contains(dir.resolve("sys/fs/cgroup/cpu/vrg/vr1"));
    }

    @Test
    void aGroupInSystemdsOwnLayoutNamesItsUnitAndLibvirtDomain() throws IOException {
        Files.createDirectories(dir.resolve("sys/fs/cgroup/cpu/machine.slice/machine-qemu\\x2d4\\x2dvm4.scope"));
        Files.createDirectories(dir.resolve("sys/fs/cgroup/cpu/vrglab/machine.slice/machine-qemu\\x2d1\\x2dvr1.scope"));
        var result = load("""
                routers:
                  - {name: vm4, kind: kvm, cgroup: 'machine.slice/machine-qemu\\x2d4\\x2dvm4.scope'}
                  - {name: vr1, kind: kvm, cgroup: 'vrglab/machine.slice/machine-qemu\\x2d1\\x2dvr1.scope'}
                """);

        assertThat(result.problems()).isEmpty();
        DiscoveredVr vm4 = result.routers().get(0);
        assertThat(vm4.cgroup().systemdUnit()).isEqualTo("machine-qemu\\x2d4\\x2dvm4.scope");
        assertThat(vm4.libvirtDomain()).as("so the enforcer goes through virsh where systemd runs").isEqualTo("vm4");
        DiscoveredVr lab = result.routers().get(1);
        assertThat(lab.cgroup().systemdUnit()).as("below a group that is not a slice: not systemd's").isNull();
        assertThat(lab.libvirtDomain()).isNull();
        assertThat(InventoryFile.unitOf("system.slice/vrouter.service")).isEqualTo("vrouter.service");
        assertThat(InventoryFile.unitOf("vrg/vr1")).isNull();
    }

    @Test
    void aHostSideDeviceMayLiveInANamedNamespace() throws IOException {
        var result = load("""
                routers:
                  - name: vr1
                    kind: kvm
                    netns: vrgl-vr1
                    interfaces: [{name: vrgl1ta, side: host, netns: vrgl-vr1}, {name: x, side: host, netns: ../a}]
                """);

        assertThat(result.routers()).isEmpty();
        assertThat(result.problems()).singleElement().asString().contains("invalid VR name '../a'");
        var ok = load("""
                routers:
                  - {name: vr1, kind: kvm, interfaces: [{name: vrgl1ta, side: host, netns: vrgl-vr1}]}
                """);
        assertThat(ok.routers().get(0).interfaces())
                .containsExactly(new VrInterface("vrgl1ta", NetnsRef.named("vrgl-vr1"), true));
    }

    @Test
    void badEntriesAreRefusedByNameAndTheRestKept() throws IOException {
        var result = load("""
                routers:
                  - {name: ../../etc, kind: kvm}
                  - {name: vr2, kind: xen}
                  - {name: vr3, kind: lxc, cgroup: vrg/../../etc}
                  - {name: vr4, kind: lxc, interfaces: [a/b]}
                  - {name: ok1, kind: lxc}
                  - {name: ok1, kind: kvm}
                """);

        assertThat(result.routers()).extracting(DiscoveredVr::name).containsExactly("ok1");
        assertThat(result.problems()).hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("routers[0]", "invalid VR name"))
                .anySatisfy(p -> assertThat(p).contains("routers[1]", "xen"))
                .anySatisfy(p -> assertThat(p).contains("routers[2]", "'..' is not allowed"))
                .anySatisfy(p -> assertThat(p).contains("routers[3]", "invalid interface name"))
                .anySatisfy(p -> assertThat(p).contains("routers[5]", "duplicate"));
    }

    @Test
    void entriesOfTheWrongShapeAreRefusedByNameAndTheRestKept() throws IOException {
        var result = load("""
                routers:
                  - just-a-name
                  - {name: vr2, kind: lxc, interfaces: eth0}
                  - {name: vr3, kind: lxc, interfaces: [[eth0]]}
                  - {name: vr4, kind: lxc, netnsPid: abc}
                  - {name: [vr5], kind: lxc}
                  - {name: 6, kind: lxc, netnsPid: 42, interfaces: [{name: eth0, side: vr}]}
                """);

        assertThat(result.routers()).singleElement().satisfies(vr -> {
            assertThat(vr.name()).as("a number is a name too, as YAML reads it").isEqualTo("6");
            assertThat(vr.netns()).isEqualTo(NetnsRef.ofPid(42));
        });
        assertThat(result.problems()).hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("routers[0]", "must be a mapping"))
                .anySatisfy(p -> assertThat(p).contains("routers[1]", "'interfaces' must be a list"))
                .anySatisfy(p -> assertThat(p).contains("routers[2]", "must be a single value"))
                .anySatisfy(p -> assertThat(p).contains("routers[3]", "netnsPid", "'abc'"))
                .anySatisfy(p -> assertThat(p).contains("routers[4]", "'name' must be a single value"));
    }

    @Test
    void aRepeatedKeyKeepsItsLastValueRatherThanRefusingTheFile() throws IOException {
        assertThat(load("routers: [{name: vr1, kind: kvm, kind: lxc}]").routers())
                .singleElement().extracting(DiscoveredVr::kind).isEqualTo(VrKind.LXC);
    }

    @Test
    void anEditedFileIsReadAgainAndAnUnchangedOneStillSeesNewCgroups() throws IOException {
        Files.createDirectories(dir.resolve("sys/fs/cgroup/cpu"));
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, "routers: [{name: vr1, kind: kvm, cgroup: vrg/vr1}]");
        InventoryFile inventory = new InventoryFile(file, HostRoots.under(dir));
        assertThat(inventory.discover().routers()).singleElement()
                .satisfies(vr -> assertThat(vr.cgroup().isEmpty()).isTrue());

        Files.createDirectories(dir.resolve("sys/fs/cgroup/cpu/vrg/vr1")); // the VR started; the file is the same
        assertThat(inventory.discover().routers()).singleElement()
                .satisfies(vr -> assertThat(vr.cgroup().v1("cpu")).isPresent());

        // replaced by an editor or a deployment tool: same size, same modification time, another inode
        Path next = dir.resolve("inventory.yaml.new");
        Files.writeString(next, "routers: [{name: vr2, kind: kvm, cgroup: vrg/vr1}]");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(file));
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(inventory.discover().routers()).extracting(DiscoveredVr::name).containsExactly("vr2");

        Files.writeString(file, "routers: [{name: vr3, kind: lxc}]"); // rewritten in place
        assertThat(inventory.discover().routers()).extracting(DiscoveredVr::name).containsExactly("vr3");
    }

    @Test
    void unreadableFileIsAProblemNotACrash() throws IOException {
        assertThat(load("routers: [ {name: vr1").problems()).singleElement().asString().contains("cannot be read");
        assertThat(load("vrs: []").problems()).singleElement().asString().contains("no 'routers' list");
        assertThat(load("").problems()).singleElement().asString().contains("no 'routers' list");
    }
}
