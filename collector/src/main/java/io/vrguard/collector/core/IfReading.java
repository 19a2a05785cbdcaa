package io.vrguard.collector.core;

import io.vrguard.protocol.IrqAffinity;
import java.util.List;

/**
 * One interface of a VR at one read.
 *
 * @param counters device counters from the device's own side, null when the device was not found (gone)
 * @param swapped  true when the device's rx is the VR's tx (host-side tap or veth)
 */
public record IfReading(String name, IfKey key, boolean swapped, NetDevCounters counters, List<IrqAffinity> irqs,
        List<Integer> rpsCpus) {
    public IfReading {
        irqs = irqs == null ? List.of() : List.copyOf(irqs);
        rpsCpus = rpsCpus == null ? List.of() : List.copyOf(rpsCpus);
    }
}
