package io.vrguard.enforcer.core;

import io.vrguard.discovery.VrDiscovery;
import io.vrguard.protocol.HmacKeyRing;
import java.time.Clock;
import java.util.BitSet;
import java.util.Objects;
import java.util.function.Supplier;

/** Everything the core needs, wired by the app (or a test). */
public record EnforcerCore(
        String hostId,
        Mode mode,
        HmacKeyRing keys,
        Limits limits,
        Clock clock,
        VrDiscovery discovery,
        KnobResolver knobs,
        Supplier<BitSet> onlineCpus,
        CommandLedger ledger,
        OriginalValues originals,
        StopState stop,
        LimitHistory limitHistory) {

    public EnforcerCore {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(knobs, "knobs");
        Objects.requireNonNull(onlineCpus, "onlineCpus");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(originals, "originals");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(limitHistory, "limitHistory");
    }

    /** Without a kept rate-limit history (a restart starts the rate limit and cooldown afresh). */
    public EnforcerCore(String hostId, Mode mode, HmacKeyRing keys, Limits limits, Clock clock, VrDiscovery discovery,
            KnobResolver knobs, Supplier<BitSet> onlineCpus, CommandLedger ledger, OriginalValues originals,
            StopState stop) {
        this(hostId, mode, keys, limits, clock, discovery, knobs, onlineCpus, ledger, originals, stop,
                LimitHistory.NONE);
    }
}
