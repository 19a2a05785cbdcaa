package io.vrguard.collector.core;

import io.vrguard.protocol.VrKind;
import java.util.List;
import java.util.Set;

/**
 * One VR at one read: its interfaces and its cgroup (null when it has none or it could not be read).
 *
 * @param hostPeers interfaces that are the host-side veth peers of other interfaces of this VR (found through
 *                  iflink/ifindex): reported, but not added to the VR's totals again (the same packets, swapped)
 * @param monoNanos monotonic time right after this VR's counters were read (0: unknown, the host read's time
 *                  applies): a sampler descheduled between the host files and this VR would otherwise divide
 *                  this VR's packets by the wrong time
 */
public record VrReading(String name, VrKind kind, List<IfReading> interfaces, CgroupReading cgroup,
        Set<String> hostPeers, long monoNanos) {
    public VrReading {
        interfaces = List.copyOf(interfaces);
        hostPeers = hostPeers == null ? Set.of() : Set.copyOf(hostPeers);
    }

    public VrReading(String name, VrKind kind, List<IfReading> interfaces, CgroupReading cgroup) {
        this(name, kind, interfaces, cgroup, Set.of(), 0);
    }

    /** Seconds from {@code prev}'s read of this VR to this one: per VR where both reads know it, else the host's. */
    public double secondsSince(VrReading prev, double hostSeconds) {
        return prev == null || prev.monoNanos == 0 || monoNanos == 0 ? hostSeconds : (monoNanos - prev.monoNanos) / 1e9;
    }
}
