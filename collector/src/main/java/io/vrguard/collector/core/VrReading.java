package io.vrguard.collector.core;

import io.vrguard.protocol.VrKind;
import java.util.List;
import java.util.Set;

/**
 * One VR at one read: its interfaces and its cgroup (null when it has none or it could not be read).
 *
 * @param hostPeers interfaces that are the host-side veth peers of other interfaces of this VR (found through
 *                  iflink/ifindex): reported, but not added to the VR's totals again (the same packets, swapped)
 */
public record VrReading(String name, VrKind kind, List<IfReading> interfaces, CgroupReading cgroup,
        Set<String> hostPeers) {
    public VrReading {
        interfaces = List.copyOf(interfaces);
        hostPeers = hostPeers == null ? Set.of() : Set.copyOf(hostPeers);
    }

    public VrReading(String name, VrKind kind, List<IfReading> interfaces, CgroupReading cgroup) {
        this(name, kind, interfaces, cgroup, Set.of());
    }
}
