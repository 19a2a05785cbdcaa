package io.vrguard.enforcer.core;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.NetnsRef;
import io.vrguard.discovery.VrDiscovery;
import io.vrguard.discovery.VrInterface;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** A core wired to in-memory ports: host-a with a KVM VR (vr1) and an LXC VR (vr2, interface veth0). */
final class CommandRig {
    static final byte[] K1 = "k1-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);
    static final byte[] K2 = "k2-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);
    static final byte[] EVIL = "not-a-configured-secret-but-long-enough".getBytes(StandardCharsets.UTF_8);
    static final HmacKeyRing RING = HmacKeyRing.of(Map.of("k1", K1, "k2", K2));
    static final PolicyBounds BOUNDS = new PolicyBounds(256L, 8192L, true, List.of(0, 1));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final MemoryPorts.Knobs knobs = new MemoryPorts.Knobs();
    final MemoryPorts.Ledger ledger = new MemoryPorts.Ledger();
    final MemoryPorts.Originals originals = new MemoryPorts.Originals();
    final MemoryPorts.Stop stop = new MemoryPorts.Stop();
    final MemoryPorts.MemoryKnob shares = knobs.add("vr1", Setting.CPU_SHARES,
            new MemoryPorts.MemoryKnob("cpu.shares", Setting.CPU_SHARES, "1024"));
    final MemoryPorts.MemoryKnob quota = knobs.add("vr1", Setting.CPU_QUOTA,
            new MemoryPorts.MemoryKnob("cpu.cfs_quota_us", Setting.CPU_QUOTA, "max 100000"));
    final MemoryPorts.MemoryKnob rx0 = knobs.add("vr2", Setting.RPS_CPUS,
            new MemoryPorts.MemoryKnob("veth0/rx-0/rps_cpus", Setting.RPS_CPUS, ""));
    final MemoryPorts.MemoryKnob rx1 = knobs.add("vr2", Setting.RPS_CPUS,
            new MemoryPorts.MemoryKnob("veth0/rx-1/rps_cpus", Setting.RPS_CPUS, ""));
    final CommandHandler handler;
    private int origins;

    CommandRig(Mode mode) {
        this(mode, Limits.defaults());
    }

    CommandRig(Mode mode, Limits limits) {
        VrDiscovery discovery = () -> new VrDiscovery.DiscoveryResult(List.of(
                new DiscoveredVr("vr1", VrKind.KVM, "inventory", NetnsRef.HOST, List.of(), null, null),
                new DiscoveredVr("vr2", VrKind.LXC, "inventory", NetnsRef.named("vrge-ns"),
                        List.of(new VrInterface("veth0", NetnsRef.named("vrge-ns"), false)), null, null)),
                List.of());
        BitSet online = new BitSet();
        online.set(0, 2);
        handler = new CommandHandler(new EnforcerCore("host-a", mode, RING, limits, clock, discovery, knobs,
                () -> (BitSet) online.clone(), ledger, originals, stop));
    }

    EnforcementCommand command(String id, CommandType type, SettingChange... changes) {
        Instant now = clock.instant();
        return new EnforcementCommand(WireSchema.COMMAND, id, "host-a", now, now.plus(Duration.ofSeconds(30)), type,
                "v-" + id, "test", List.of(changes), Map.of());
    }

    /** A command addressed to every host ({@code *}), as the analyzer's {@code POST /api/fleet/stop} signs it. */
    EnforcementCommand fleet(String id, CommandType type, SettingChange... changes) {
        Instant now = clock.instant();
        return new EnforcementCommand(WireSchema.COMMAND, id, CommandAdmission.FLEET, now,
                now.plus(Duration.ofSeconds(30)), type, null, "operator: maintenance", List.of(changes), Map.of());
    }

    static SettingChange shares(String router, String value) {
        return new SettingChange(router, Setting.CPU_SHARES, null, value, BOUNDS);
    }

    static byte[] signed(EnforcementCommand command) {
        return WireJson.encode(CommandSigning.sign(command, "k1", RING));
    }

    Handled handle(EnforcementCommand command) {
        return handler.handle(signed(command), "vrguard.commands-0@" + origins++);
    }

    Handled handleRaw(byte[] record) {
        return handler.handle(record, "vrguard.commands-0@" + origins++);
    }

    /** A record signed with a secret no enforcer has, under a configured key id. */
    static byte[] forged(EnforcementCommand command, String keyId) {
        SignedCommand genuine = CommandSigning.sign(command, "k1", RING);
        SignedCommand withEvil = CommandSigning.sign(command, "evil", HmacKeyRing.of(Map.of("evil", EVIL)));
        return WireJson.encode(new SignedCommand(genuine.schema(), keyId, withEvil.signature(), genuine.payload()));
    }
}
