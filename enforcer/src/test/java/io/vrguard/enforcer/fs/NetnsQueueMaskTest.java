package io.vrguard.enforcer.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.NetnsRef;
import io.vrguard.discovery.VrDiscovery;
import io.vrguard.discovery.VrInterface;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.enforcer.core.KnobException;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.VrKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue masks of a VR in its own namespace, written through the helper, on kernels that print wide masks: the
 * helper's argument check must take every mask the codec can produce (a 1024-CPU kernel prints 287 characters), and
 * a mask that cannot be written is refused when the command is planned, never thrown mid-command.
 */
class NetnsQueueMaskTest {
    private static final NetnsRef NETNS = NetnsRef.named("vrge-ns");

    @TempDir
    Path dir;

    /** Stands in for {@code ip netns exec}: one rx queue whose rps_cpus prints {@code printed}; records writes. */
    static final class Helper extends ProcessRunner {
        String printed;
        final List<String> written = new ArrayList<>();

        Helper(String printed) {
            super(Duration.ofSeconds(1));
            this.printed = printed;
        }

        @Override
        public String run(List<String> argv) {
            String script = argv.get(argv.indexOf("-c") + 1);
            if (script.startsWith("cat ")) {
                return printed + "\n";
            }
            if (script.startsWith("printf ")) {
                printed = argv.get(argv.size() - 1);
                written.add(printed);
                return "";
            }
            return "rx-0\n";
        }
    }

    /** A kernel with {@code groups} 32-bit groups in its masks, all CPUs clear. */
    private static String zeroMask(int groups) {
        return String.join(",", Collections.nCopies(groups, "00000000"));
    }

    private QueueMaskKnob knob(Helper helper) {
        return new QueueMaskKnob(new NetnsQueueFiles(NETNS, helper), "eth0", "rx-0", Setting.RPS_CPUS);
    }

    @Test
    void aWideKernelMaskIsWrittenInFullThroughTheHelper() throws Exception {
        Helper helper = new Helper(zeroMask(32));
        VrDiscovery discovery = () -> new VrDiscovery.DiscoveryResult(List.of(new DiscoveredVr("vr2", VrKind.LXC,
                "test", NETNS, List.of(new VrInterface("eth0", NETNS, false)), null, null)), List.of());
        Path online = dir.resolve("sys/devices/system/cpu/online");
        Files.createDirectories(online.getParent());
        Files.writeString(online, "0-1\n");
        HostRig rig = new HostRig(HostRoots.under(dir), discovery, new HostKnobs(HostRoots.under(dir), helper),
                Files.createDirectory(dir.resolve("state")), Mode.ENFORCE);

        Handled h = rig.handle(HostRig.command("q1", CommandType.APPLY, new SettingChange("vr2", Setting.RPS_CPUS,
                "eth0", "1", new PolicyBounds(null, null, false, List.of()))));

        assertThat(h.result().status()).as(h.result().toString()).isEqualTo(ActionStatus.APPLIED);
        assertThat(helper.written).singleElement().satisfies(mask -> {
            assertThat(mask).hasSize(32 * 9 - 1).endsWith(",00000002");
        });
    }

    @Test
    void aMaskTheKernelsShapeCannotHoldIsRefusedBeforeAnyWrite() throws Exception {
        Helper helper = new Helper("3"); // a 2-CPU kernel prints one digit
        QueueMaskKnob knob = knob(helper);
        knob.validate("1");
        assertThatThrownBy(() -> knob.validate("7")).isInstanceOf(KnobException.class)
                .hasMessageContaining("does not fit a mask of 4 bits");
        assertThat(helper.written).isEmpty();
    }

    @Test
    void aKernelMaskWiderThanAnyRealOneIsNotReadAsACpuSet() {
        QueueMaskKnob knob = knob(new Helper(zeroMask(300)));
        assertThatThrownBy(knob::read).isInstanceOf(KnobException.class).hasMessageContaining("not a CPU mask");
    }

    @Test
    void theHelperNeverPassesOnAnythingButAMask() {
        NetnsQueueFiles files = new NetnsQueueFiles(NETNS, new Helper("0"));
        assertThatThrownBy(() -> files.write("eth0", "rx-0", "rps_cpus", "1; reboot"))
                .isInstanceOf(KnobException.class).hasMessageContaining("refusing mask");
        assertThatThrownBy(() -> files.write("eth0", "rx-0", "rps_cpus", zeroMask(257)))
                .isInstanceOf(KnobException.class).hasMessageContaining("(2312 characters)");
    }
}
