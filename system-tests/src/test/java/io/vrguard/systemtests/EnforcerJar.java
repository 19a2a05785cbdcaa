package io.vrguard.systemtests;

import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import io.vrguard.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The enforcer's jar as a process (mode enforce) for one KVM VR {@code vr1} in a cgroup of the test's. */
final class EnforcerJar {
    static final String HOST = "vrgx-host";
    static final String KEY_ID = "k1";
    static final byte[] SECRET = "vrgx-enforcer-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
    static final HmacKeyRing RING = HmacKeyRing.of(Map.of(KEY_ID, SECRET));

    private final Path work;
    private final String bootstrap;
    private volatile int port;

    /** @param cgroup the VR's cgroup relative to the v1 hierarchy roots, e.g. {@code vrgx-1234/vr1} */
    EnforcerJar(Path work, String bootstrap, String cgroup) {
        this.work = work;
        this.bootstrap = bootstrap;
        try {
            Files.write(work.resolve("k1.key"), SECRET);
            Files.writeString(work.resolve("inventory.yaml"),
                    "routers:\n  - {name: vr1, kind: kvm, cgroup: " + cgroup + "}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ServiceJar start() {
        return start(List.of("--vrguard.enforcer.keys[0].id=" + KEY_ID,
                "--vrguard.enforcer.keys[0].file=" + work.resolve("k1.key")));
    }

    /** With its keys from {@code keyDir} (ID.key files, base64, re-read on change) instead of a listed key. */
    ServiceJar startWithKeyDir(Path keyDir) {
        return startWithKeyDir(keyDir, List.of());
    }

    /** As {@link #startWithKeyDir(Path)}, with more {@code --key=value} settings (none of those set here). */
    ServiceJar startWithKeyDir(Path keyDir, List<String> extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--vrguard.enforcer.key-dir=" + keyDir));
        args.addAll(extra);
        return start(args);
    }

    private ServiceJar start(List<String> keys) {
        List<String> args = new java.util.ArrayList<>(keys);
        args.addAll(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--vrguard.enforcer.host-id=" + HOST,
                "--vrguard.enforcer.mode=enforce",
                "--vrguard.enforcer.state-dir=" + work.resolve("state"),
                "--vrguard.enforcer.inventory=" + work.resolve("inventory.yaml"),
                "--vrguard.enforcer.cooldown=0s",
                "--vrguard.enforcer.poll-timeout=200ms",
                "--server.port=" + (port = FreePorts.next())));
        return ServiceJar.start("enforcer", work, args);
    }

    /** The HTTP port (actuator: health, prometheus) of the process last started. */
    int port() {
        return port;
    }

    static EnforcementCommand command(String id, CommandType type, SettingChange... changes) {
        Instant now = Instant.now();
        return new EnforcementCommand(WireSchema.COMMAND, id, HOST, now, now.plus(Duration.ofMinutes(10)), type,
                "v-" + id, "system test", List.of(changes), Map.of());
    }

    /** With the kernel's whole range as policy bounds: the enforcer refuses a change that carries none. */
    static SettingChange shares(String router, String value) {
        return new SettingChange(router, Setting.CPU_SHARES, null, value, new PolicyBounds(2L, 262144L, false,
                List.of()));
    }

    static byte[] signed(EnforcementCommand command) {
        return WireJson.encode(CommandSigning.sign(command, KEY_ID, RING));
    }
}
