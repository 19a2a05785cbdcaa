package io.vrguard.collector.core;

/**
 * One device's counters from /proc/net/dev, from the device's own point of view. {@code rxDropped} is the
 * kernel's {@code rx_dropped + rx_missed_errors} (procfs folds them).
 */
public record NetDevCounters(
        long rxBytes, long rxPackets, long rxErrors, long rxDropped, long rxFifo,
        long txBytes, long txPackets, long txErrors, long txDropped, long txFifo) {

    /** True when any counter is below its previous value: the device was re-created or its stats reset. */
    public boolean anyBelow(NetDevCounters previous) {
        return rxBytes < previous.rxBytes || rxPackets < previous.rxPackets || rxDropped < previous.rxDropped
                || rxFifo < previous.rxFifo || txBytes < previous.txBytes || txPackets < previous.txPackets
                || txDropped < previous.txDropped || rxErrors < previous.rxErrors || txErrors < previous.txErrors;
    }
}
