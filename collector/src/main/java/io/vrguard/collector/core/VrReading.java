package io.vrguard.collector.core;

import io.vrguard.protocol.VrKind;
import java.util.List;

/** One VR at one read: its interfaces and its cgroup (null when it has none or it could not be read). */
public record VrReading(String name, VrKind kind, List<IfReading> interfaces, CgroupReading cgroup) {
    public VrReading {
        interfaces = List.copyOf(interfaces);
    }
}
