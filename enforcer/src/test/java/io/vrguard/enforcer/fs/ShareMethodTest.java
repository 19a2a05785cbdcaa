package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.CgroupPlacement;
import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.HostRoots;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.VrKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which way a share change goes and the exact command line (virsh and systemd cannot run here). */
class ShareMethodTest {
    private static final String UNIT = "machine-qemu\\x2d1\\x2dvm1.scope";

    @TempDir
    Path dir;

    private CpuCgroupKnob knob(CgroupPlacement placement, String domain, Setting setting) throws Exception {
        Files.createDirectories(dir.resolve("run/systemd/system")); // systemd is this host's init
        return knobOnHost(placement, domain, setting);
    }

    private CpuCgroupKnob knobOnHost(CgroupPlacement placement, String domain, Setting setting) throws Exception {
        DiscoveredVr vr = new DiscoveredVr("vm1", VrKind.KVM, "test", null, List.of(), placement, domain);
        return new HostKnobs(HostRoots.under(dir), new ProcessRunner(Duration.ofSeconds(1))).cpu(vr, setting);
    }

    @Test
    void aGroupNoSystemdUnitOwnsIsWrittenDirectly() throws Exception {
        CpuCgroupKnob k = knob(new CgroupPlacement(Map.of("cpu", dir), null, null), null, Setting.CPU_SHARES);
        assertThat(k.method()).isEqualTo("cgroupfs");
        assertThat(k.commandLine("2048")).isEmpty();
    }

    @Test
    void withoutSystemdAGroupNamedLikeAUnitIsWrittenDirectly() throws Exception {
        // e.g. the lab's libvirt-like layout on a host whose init is not systemd: nobody re-applies values there
        CpuCgroupKnob k = knobOnHost(new CgroupPlacement(Map.of("cpu", dir), null, UNIT), "vm1", Setting.CPU_SHARES);
        assertThat(k.method()).isEqualTo("cgroupfs");
        assertThat(k.commandLine("2048")).isEmpty();
    }

    @Test
    void aLibvirtDomainInASystemdScopeGoesThroughVirsh() throws Exception {
        CpuCgroupKnob k = knob(new CgroupPlacement(Map.of("cpu", dir), null, UNIT), "vm1", Setting.CPU_SHARES);
        assertThat(k.method()).isEqualTo("virsh");
        assertThat(k.commandLine("2048"))
                .containsExactly("virsh", "schedinfo", "vm1", "--live", "--set", "cpu_shares=2048");
        CpuCgroupKnob q = knob(new CgroupPlacement(Map.of("cpu", dir), null, UNIT), "vm1", Setting.CPU_QUOTA);
        assertThat(q.commandLine("50000 100000")).containsExactly("virsh", "schedinfo", "vm1", "--live",
                "--set", "global_period=100000", "--set", "global_quota=50000");
    }

    @Test
    void anotherSystemdUnitGoesThroughSystemdDbusInItsOwnUnit() throws Exception {
        CpuCgroupKnob v1 = knob(new CgroupPlacement(Map.of("cpu", dir), null, UNIT), null, Setting.CPU_WEIGHT);
        assertThat(v1.method()).isEqualTo("systemd-dbus");
        assertThat(v1.nativeSetting()).as("a weight request is written as shares on v1").isEqualTo(Setting.CPU_SHARES);
        assertThat(v1.commandLine("3072")).containsExactly("busctl", "call", "org.freedesktop.systemd1",
                "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "SetUnitProperties", "sba(sv)",
                UNIT, "true", "1", "CPUShares", "t", "3072");

        Files.writeString(dir.resolve("cpu.weight"), "100\n");
        CpuCgroupKnob v2 = knob(new CgroupPlacement(Map.of(), dir, UNIT), null, Setting.CPU_SHARES);
        assertThat(v2.nativeSetting()).isEqualTo(Setting.CPU_WEIGHT);
        assertThat(v2.target()).isEqualTo("cpu.weight");
        assertThat(v2.commandLine("200")).endsWith("CPUWeight", "t", "200");

        CpuCgroupKnob quota = knob(new CgroupPlacement(Map.of("cpu", dir), null, UNIT), null, Setting.CPU_QUOTA);
        assertThat(quota.commandLine("max 100000")).endsWith("CPUQuotaPerSecUSec", "t", "18446744073709551615",
                "CPUQuotaPeriodUSec", "t", "100000");
        assertThat(quota.commandLine("50000 100000")).endsWith("CPUQuotaPerSecUSec", "t", "500000",
                "CPUQuotaPeriodUSec", "t", "100000");
    }

    @Test
    void theCommandPartitionIsTheProducersDefaultForTheHostKey() {
        // Same function the producer's BuiltInPartitioner uses for keyed records.
        int expected = org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2("host-a".getBytes())) % 6;
        assertThat(io.vrguard.enforcer.kafka.CommandPartition.of("host-a", 6)).isEqualTo(expected);
    }
}
