package io.vrguard.enforcer.support;

import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.InventoryFile;
import io.vrguard.discovery.VrDiscovery;
import io.vrguard.enforcer.core.CommandHandler;
import io.vrguard.enforcer.core.EnforcerCore;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.enforcer.core.KnobResolver;
import io.vrguard.enforcer.core.Limits;
import io.vrguard.enforcer.core.Mode;
import io.vrguard.enforcer.fs.HostKnobs;
import io.vrguard.enforcer.fs.OnlineCpus;
import io.vrguard.enforcer.fs.ProcessRunner;
import io.vrguard.enforcer.store.FileCommandLedger;
import io.vrguard.enforcer.store.FileLimitHistory;
import io.vrguard.enforcer.store.FileOriginalValues;
import io.vrguard.enforcer.store.FileStopState;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An enforcer core over the real adapters: inventory discovery, host knobs under {@code roots}, and file-backed
 * ledger, originals and stop state in {@code stateDir}. Building a new rig on the same state dir is a restart.
 */
public final class HostRig {
    public static final HmacKeyRing RING = HmacKeyRing.of(Map.of("k1",
            "it-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8)));
    public static final String HOST = "host-it";

    public final CommandHandler handler;
    private int origin;

    public HostRig(HostRoots roots, Path inventory, Path stateDir, Mode mode) {
        this(roots, new InventoryFile(inventory, roots), stateDir, mode);
    }

    /** With any discovery (e.g. {@code MergedDiscovery} over a fixture tree); limits persisted like production. */
    public HostRig(HostRoots roots, VrDiscovery discovery, Path stateDir, Mode mode) {
        this(roots, discovery, new HostKnobs(roots, new ProcessRunner(Duration.ofSeconds(20))), stateDir, mode);
    }

    /** With any knobs, e.g. host knobs whose IRQ writes answer as a kernel that will not move an IRQ. */
    public HostRig(HostRoots roots, VrDiscovery discovery, KnobResolver knobs, Path stateDir, Mode mode) {
        Clock clock = Clock.systemUTC();
        Limits limits = new Limits(2.0, Duration.ZERO, 100, Duration.ofMinutes(10), Duration.ofSeconds(30));
        handler = new CommandHandler(new EnforcerCore(HOST, mode, RING, limits, clock, discovery, knobs,
                new OnlineCpus(roots.sys()), new FileCommandLedger(stateDir, clock), new FileOriginalValues(stateDir),
                new FileStopState(stateDir, stateDir.resolve("stop.flag")), new FileLimitHistory(stateDir)));
    }

    public static Path inventory(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    public static EnforcementCommand command(String id, CommandType type, SettingChange... changes) {
        Instant now = Instant.now();
        return new EnforcementCommand(WireSchema.COMMAND, id, HOST, now, now.plus(Duration.ofMinutes(5)), type,
                "v-" + id, "it", List.of(changes), Map.of());
    }

    public static byte[] signed(EnforcementCommand command) {
        return WireJson.encode(CommandSigning.sign(command, "k1", RING));
    }

    public Handled handle(EnforcementCommand command) {
        return handler.handle(signed(command), "it@" + origin++);
    }
}
