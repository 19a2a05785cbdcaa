package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.MergedDiscovery;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer finds VRs through the collector's merged discovery (inventory over libvirt over LXC) and chooses
 * its write route from what discovery found, over discovery's captured fixture trees (copied, so writes land in
 * the copy). virsh and busctl do not exist here: the systemd-owned routes are shown by their dry-run report and by
 * the real failure of the helper in enforce mode, with the file left untouched.
 */
class DiscoveryFixtureRoutesTest {
    private static final Path FIXTURES = Path.of("..", "discovery", "src", "test", "resources", "fixtures");

    @TempDir
    Path dir;

    private Path copy(String fixture) throws IOException {
        Path from = FIXTURES.resolve(fixture);
        Path to = dir.resolve(fixture);
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.createDirectories(to.resolve("sys/devices/system/cpu"));
        Files.writeString(to.resolve("sys/devices/system/cpu/online"), "0-3\n");
        return to;
    }

    private HostRig rig(Path host, Path inventory, Mode mode) {
        HostRoots roots = HostRoots.under(host);
        return new HostRig(roots, MergedDiscovery.forHost(roots, inventory, ""), dir.resolve("state-" + mode), mode);
    }

    private static ActionResult shares(HostRig rig, String id, String vr, String value) {
        return rig.handle(HostRig.command(id, CommandType.APPLY,
                new SettingChange(vr, Setting.CPU_SHARES, null, value, new PolicyBounds(2L, 262144L, false,
                        List.of())))).result();
    }

    @Test
    void aLibvirtDomainWithoutSystemdIsWrittenInItsCgroupFile() throws Exception {
        Path host = copy("libvirt-nosystemd");
        Path file = host.resolve("sys/fs/cgroup/cpu/machine/qemu-3-vm3.libvirt-qemu/cpu.shares");
        Files.writeString(file, "1024\n");

        ActionResult r = shares(rig(host, null, Mode.ENFORCE), "c1", "vm3", "2048");

        assertThat(r.status()).as(r.reason()).isEqualTo(ActionStatus.APPLIED);
        AppliedChange c = r.changes().get(0);
        assertThat(c.method()).isEqualTo("cgroupfs");
        assertThat(c.before()).isEqualTo("1024");
        assertThat(c.after()).isEqualTo("2048");
        assertThat(Files.readString(file).strip()).isEqualTo("2048");
    }

    @Test
    void aLibvirtDomainInASystemdScopeGoesThroughVirshAndNeverTheFile() throws Exception {
        Path host = copy("libvirt-systemd-v1");
        Path file = host.resolve("sys/fs/cgroup/cpu/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope/cpu.shares");
        Files.writeString(file, "1024\n");

        ActionResult dry = shares(rig(host, null, Mode.DRY_RUN), "c1", "vm1", "2048");
        assertThat(dry.status()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(dry.changes()).singleElement().satisfies(c -> {
            assertThat(c.method()).as("nothing was written").isEqualTo("none");
            assertThat(c.detail()).endsWith("would write 2048 by virsh");
            assertThat(c.before()).isEqualTo("1024");
            assertThat(c.outcome()).isEqualTo("would_change");
        });

        ActionResult enforce = shares(rig(host, null, Mode.ENFORCE), "c2", "vm1", "2048");
        assertThat(enforce.status()).as("no virsh on this machine: the helper's real failure is reported")
                .isEqualTo(ActionStatus.FAILED);
        assertThat(enforce.changes().get(0).method()).isEqualTo("virsh");
        assertThat(Files.readString(file).strip()).as("systemd's file is never written directly").isEqualTo("1024");
    }

    @Test
    void onAV2OnlyHostSharesAreConvertedToTheDomainsWeight() throws Exception {
        Path host = copy("libvirt-systemd-v2");
        Path file = host.resolve("sys/fs/cgroup/machine.slice/machine-qemu\\x2d2\\x2dvm2.scope/cpu.weight");
        Files.writeString(file, "100\n");

        ActionResult dry = shares(rig(host, null, Mode.DRY_RUN), "c1", "vm2", "2048");

        assertThat(dry.status()).as(dry.reason()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(dry.changes()).singleElement().satisfies(c -> {
            assertThat(c.target()).isEqualTo("cpu.weight");
            assertThat(c.before()).isEqualTo("100");
            assertThat(c.detail()).as("systemd's shares*100/1024").endsWith("would write 200 by virsh");
        });
    }

    @Test
    void anLxcPayloadGroupIsWrittenDirectly() throws Exception {
        Path host = copy("lxc4-v1");
        Path file = host.resolve("sys/fs/cgroup/cpu/lxc.payload.ct2/cpu.shares");
        String before = Files.readString(file).strip();
        String doubled = String.valueOf(Long.parseLong(before) * 2);

        ActionResult r = shares(rig(host, null, Mode.ENFORCE), "c1", "ct2", doubled);

        assertThat(r.status()).as(r.reason()).isEqualTo(ActionStatus.APPLIED);
        assertThat(r.changes().get(0).method()).isEqualTo("cgroupfs");
        assertThat(Files.readString(file).strip()).isEqualTo(doubled);
        assertThat(shares(rig(host, null, Mode.ENFORCE), "c2", "lxc.monitor.ct2", "2048").reason())
                .as("a monitor group is not a VR").startsWith("unknown_router");
    }

    @Test
    void theInventoryWinsOverDiscoveryAndUnknownNamesAreRefused() throws Exception {
        Path host = copy("libvirt-nosystemd");
        Path lab = host.resolve("sys/fs/cgroup/cpu/lab/vm3");
        Files.createDirectories(lab);
        Files.writeString(lab.resolve("cpu.shares"), "1024\n");
        Path domainFile = host.resolve("sys/fs/cgroup/cpu/machine/qemu-3-vm3.libvirt-qemu/cpu.shares");
        Files.writeString(domainFile, "1024\n");
        Path inventory = HostRig.inventory(dir, "routers:\n  - {name: vm3, kind: kvm, cgroup: lab/vm3}\n");

        HostRig rig = rig(host, inventory, Mode.ENFORCE);
        assertThat(shares(rig, "c1", "vm3", "2048").status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(Files.readString(lab.resolve("cpu.shares")).strip()).isEqualTo("2048");
        assertThat(Files.readString(domainFile).strip()).isEqualTo("1024");

        assertThat(shares(rig, "c2", "vm4", "2048").status()).as("vm4 is found by libvirt discovery")
                .isIn(ActionStatus.APPLIED, ActionStatus.FAILED, ActionStatus.REJECTED);
        assertThat(shares(rig, "c3", "vm9", "2048").reason()).startsWith("unknown_router");
    }
}
