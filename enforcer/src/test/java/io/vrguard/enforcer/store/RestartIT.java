package io.vrguard.enforcer.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.HostRoots;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.support.HostRig;
import io.vrguard.enforcer.support.Kernel;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts in the middle of a command sequence on a real cgroup: nothing applied twice, revert still works. */
class RestartIT {
    private static final PolicyBounds BOUNDS = new PolicyBounds(2L, 262144L, false, List.of());

    @TempDir
    Path state;
    private final Kernel kernel = new Kernel();

    @AfterEach
    void cleanUp() {
        kernel.close();
    }

    private static SettingChange shares(String value) {
        return new SettingChange("vr1", Setting.CPU_SHARES, null, value, BOUNDS);
    }

    @Test
    void aRestartNeitherReappliesNorForgetsTheOriginals() throws Exception {
        Kernel.sweep();
        String name = "vrge-rs-" + Kernel.uniqueSuffix();
        Path group = kernel.cgroup(Kernel.CPU_V1, name, "vr1");
        Path inventory = HostRig.inventory(state, "routers:\n  - {name: vr1, kind: kvm, cgroup: " + name + "/vr1}\n");
        Path sharesFile = group.resolve("cpu.shares");

        HostRig first = new HostRig(HostRoots.system(), inventory, state, Mode.ENFORCE);
        byte[] c1 = HostRig.signed(HostRig.command("c1", CommandType.APPLY, shares("2048")));
        Handled applied = first.handler.handle(c1, "vrguard.commands-0@0");
        first.handler.published("c1");
        byte[] c2 = HostRig.signed(HostRig.command("c2", CommandType.APPLY, shares("4096")));
        Handled second = first.handler.handle(c2, "vrguard.commands-0@1");
        // crash here: c2's result was never acknowledged by the broker, its offset never committed
        assertThat(Files.readString(sharesFile).strip()).isEqualTo("4096");
        Files.writeString(sharesFile, "3000"); // someone else changes it meanwhile

        HostRig restarted = new HostRig(HostRoots.system(), inventory, state, Mode.ENFORCE);
        Handled redelivered1 = restarted.handler.handle(c1, "vrguard.commands-0@0");
        assertThat(redelivered1.alreadyPublished()).isTrue();
        Handled redelivered2 = restarted.handler.handle(c2, "vrguard.commands-0@1");
        assertThat(redelivered2.alreadyPublished()).isFalse();
        assertThat(redelivered2.result()).as("the same result is published, the command not run again")
                .isEqualTo(second.result());
        assertThat(Files.readString(sharesFile).strip()).isEqualTo("3000");
        assertThat(restarted.handler.handle(c1, "vrguard.commands-0@9").rejection()).isEqualTo("replayed");
        assertThat(applied.result().status()).isEqualTo(ActionStatus.APPLIED);

        restarted.handle(HostRig.command("s1", CommandType.STOP));
        HostRig third = new HostRig(HostRoots.system(), inventory, state, Mode.ENFORCE);
        assertThat(third.handle(HostRig.command("c3", CommandType.REVERT)).rejection())
                .as("a stop survives restarts").isEqualTo("stopped");
        third.handle(HostRig.command("r1", CommandType.RESUME));
        Handled reverted = third.handle(HostRig.command("c4", CommandType.REVERT));
        assertThat(reverted.result().status()).isEqualTo(ActionStatus.REVERTED);
        assertThat(reverted.result().changes()).singleElement().satisfies(c -> {
            assertThat(c.before()).isEqualTo("3000");
            assertThat(c.after()).isEqualTo("1024");
        });
        assertThat(Files.readString(sharesFile).strip()).isEqualTo("1024");
        assertThat(Files.readString(state.resolve("originals.json"))).contains("\"originals\":[]");
    }
}
