package io.vrguard.protocol;

import java.util.List;

/**
 * One interface of a VR, from the VR's point of view. Drop rates sum every kernel drop counter that applies.
 *
 * @param state    as {@link VrSample#state()}
 * @param counters the raw counters of the second read, VR point of view
 * @param irqs     IRQs this interface raises, with their affinity (empty for software devices)
 * @param rpsCpus  union of the CPUs in its rx queues' RPS masks (empty = RPS off)
 */
public record InterfaceSample(
        String name,
        String state,
        double rxPps,
        double txPps,
        double rxDropPps,
        double txDropPps,
        InterfaceCounters counters,
        List<IrqAffinity> irqs,
        List<Integer> rpsCpus) {

    public InterfaceSample {
        irqs = irqs == null ? List.of() : List.copyOf(irqs);
        rpsCpus = rpsCpus == null ? List.of() : List.copyOf(rpsCpus);
    }
}
