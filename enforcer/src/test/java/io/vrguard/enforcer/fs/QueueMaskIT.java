package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.NetnsRef;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.enforcer.support.Kernel;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RPS/XPS masks on a real veth pair (2 rx and 2 tx queues) whose VR end lives in a namespace this test creates:
 * the VR end is reached through {@code ip netns exec} (and by pid through nsenter), the host end directly.
 */
class QueueMaskIT {
    private static final PolicyBounds ANY_CPU = new PolicyBounds(null, null, false, List.of());
    private static final Kernel KERNEL = new Kernel();
    private static final String SUFFIX = Kernel.uniqueSuffix();
    private static final String NS = "vrge-" + SUFFIX;
    private static final String INNER = "vrge-" + SUFFIX + "-i";
    private static final String OUTER = "vrge-" + SUFFIX + "-o";

    @TempDir
    Path state;

    @BeforeAll
    static void createVeth() {
        Kernel.sweep();
        KERNEL.netns(NS);
        KERNEL.veth(OUTER, INNER, NS);
    }

    @AfterAll
    static void cleanUp() {
        KERNEL.close();
    }

    private HostRig rig() throws Exception {
        Path inventory = HostRig.inventory(state, "routers:\n  - name: vr2\n    kind: lxc\n    netns: " + NS
                + "\n    interfaces: [" + INNER + ", {name: " + OUTER + ", side: host}]\n");
        return new HostRig(HostRoots.system(), inventory, state, Mode.ENFORCE);
    }

    private static String inner(String queueFile) {
        return Kernel.sh("ip", "netns", "exec", NS, "cat", "/sys/class/net/" + INNER + "/queues/" + queueFile).strip();
    }

    private static String outer(String queueFile) throws Exception {
        return Files.readString(Path.of("/sys/class/net", OUTER, "queues", queueFile)).strip();
    }

    @Test
    void masksInTheVrsNamespaceAndOnTheHostEndAreWrittenPerQueueAndReverted() throws Exception {
        HostRig rig = rig();
        Handled h = rig.handle(HostRig.command("q1", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, INNER, "1", ANY_CPU),
                new SettingChange("vr2", Setting.XPS_CPUS, INNER, "0-1", ANY_CPU),
                new SettingChange("vr2", Setting.RPS_CPUS, OUTER, "0", ANY_CPU)));
        assertThat(h.result().status()).as(h.result().toString()).isEqualTo(ActionStatus.APPLIED);
        assertThat(h.result().changes()).extracting(AppliedChange::target, AppliedChange::method).containsExactly(
                org.assertj.core.groups.Tuple.tuple(INNER + "/rx-0/rps_cpus", "sysfs-netns"),
                org.assertj.core.groups.Tuple.tuple(INNER + "/rx-1/rps_cpus", "sysfs-netns"),
                org.assertj.core.groups.Tuple.tuple(INNER + "/tx-0/xps_cpus", "sysfs-netns"),
                org.assertj.core.groups.Tuple.tuple(INNER + "/tx-1/xps_cpus", "sysfs-netns"),
                org.assertj.core.groups.Tuple.tuple(OUTER + "/rx-0/rps_cpus", "sysfs"),
                org.assertj.core.groups.Tuple.tuple(OUTER + "/rx-1/rps_cpus", "sysfs"));
        assertThat(inner("rx-0/rps_cpus")).isEqualTo("2");
        assertThat(inner("rx-1/rps_cpus")).isEqualTo("2");
        assertThat(inner("tx-1/xps_cpus")).isEqualTo("3");
        assertThat(outer("rx-0/rps_cpus")).isEqualTo("1");

        Handled again = rig.handle(HostRig.command("q2", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, INNER, "1", ANY_CPU)));
        assertThat(again.result().changes()).extracting(AppliedChange::outcome).containsOnly("noop");

        Handled reverted = rig.handle(HostRig.command("q3", CommandType.REVERT));
        assertThat(reverted.result().status()).as(reverted.result().toString()).isEqualTo(ActionStatus.REVERTED);
        assertThat(inner("rx-0/rps_cpus")).isEqualTo("0");
        assertThat(inner("tx-1/xps_cpus")).isEqualTo("0");
        assertThat(outer("rx-1/rps_cpus")).isEqualTo("0");
    }

    @Test
    void aCpuThatIsNotOnlineIsRefusedBeforeTheKernelSeesIt() throws Exception {
        Handled h = rig().handle(HostRig.command("q4", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, INNER, "0-5", ANY_CPU)));
        assertThat(h.rejection()).isEqualTo("out_of_range");
        assertThat(inner("rx-0/rps_cpus")).isEqualTo("0");
    }

    @Test
    void theNamespaceIsReachableByPidToo() throws Exception {
        long pid = KERNEL.processIn(NS);
        NetnsQueueFiles files = new NetnsQueueFiles(NetnsRef.ofPid((int) pid),
                new ProcessRunner(java.time.Duration.ofSeconds(20)));
        QueueMaskKnob knob = new QueueMaskKnob(files, INNER, "rx-1", Setting.RPS_CPUS);
        assertThat(files.queues(INNER, "tx")).containsExactly("tx-0", "tx-1");
        knob.write("0-1");
        assertThat(knob.read()).isEqualTo("0-1");
        assertThat(inner("rx-1/rps_cpus")).isEqualTo("3");
        knob.write("");
        assertThat(inner("rx-1/rps_cpus")).isEqualTo("0");
    }
}
