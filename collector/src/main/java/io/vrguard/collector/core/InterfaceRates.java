package io.vrguard.collector.core;

import io.vrguard.protocol.InterfaceCounters;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrSample;

/**
 * One interface's figures from two reads, turned to the VR's point of view. For a host-side tap or veth the
 * device's tx is the VR's rx, and the device's tx_dropped (a tap's queue toward QEMU full, a veth's peer backlog
 * full) is a VR rx drop. State: {@code new} without a previous read, {@code reset} when the device was re-created
 * (other ifindex/namespace) or a counter went down, {@code gone} when it is no longer there; rates are 0 then.
 */
final class InterfaceRates {
    private InterfaceRates() {
    }

    static InterfaceSample of(IfReading prev, IfReading cur, double seconds) {
        if (cur.counters() == null) {
            return new InterfaceSample(cur.name(), VrSample.STATE_GONE, 0, 0, 0, 0,
                    prev == null || prev.counters() == null ? null : vrView(prev), cur.irqs(), cur.rpsCpus());
        }
        InterfaceCounters now = vrView(cur);
        if (prev == null || prev.counters() == null) {
            return new InterfaceSample(cur.name(), VrSample.STATE_NEW, 0, 0, 0, 0, now, cur.irqs(), cur.rpsCpus());
        }
        if (!prev.key().equals(cur.key()) || cur.counters().anyBelow(prev.counters())
                || prev.swapped() != cur.swapped() || implausible(prev.counters(), cur.counters(), seconds)) {
            return new InterfaceSample(cur.name(), VrSample.STATE_RESET, 0, 0, 0, 0, now, cur.irqs(), cur.rpsCpus());
        }
        InterfaceCounters was = vrView(prev);
        return new InterfaceSample(cur.name(), VrSample.STATE_OK,
                rate(was.rxPackets(), now.rxPackets(), seconds),
                rate(was.txPackets(), now.txPackets(), seconds),
                rate(rxDrops(was), rxDrops(now), seconds),
                rate(was.txDropped(), now.txDropped(), seconds),
                now, cur.irqs(), cur.rpsCpus());
    }

    /** A packet counter that moved faster than any device can: the counters are not comparable. */
    static boolean implausible(NetDevCounters c0, NetDevCounters c1, double seconds) {
        double limit = Counters.MAX_PPS * Math.max(seconds, 1e-3);
        return c1.rxPackets() - c0.rxPackets() > limit || c1.txPackets() - c0.txPackets() > limit
                || c1.rxDropped() - c0.rxDropped() > limit || c1.txDropped() - c0.txDropped() > limit
                || c1.rxFifo() - c0.rxFifo() > limit || c1.txFifo() - c0.txFifo() > limit;
    }

    /** Every kernel drop counter on the way into the VR. */
    static long rxDrops(InterfaceCounters c) {
        long sum = c.rxDropped() + c.rxFifoErrors();
        return sum < 0 ? Long.MAX_VALUE : sum; // saturate: corrupt counters near 2^63 never turn negative
    }

    private static double rate(long previous, long current, double seconds) {
        return Counters.rate(Counters.delta64(previous, current), seconds);
    }

    /**
     * Counters from the VR's side. /proc/net/dev folds rx_missed_errors into rx drop, so rxMissedErrors is 0 and
     * rxDropped holds both; tx-side fifo errors of a host-side device become VR rx fifo errors.
     */
    static InterfaceCounters vrView(IfReading r) {
        NetDevCounters c = r.counters();
        if (r.swapped()) {
            long txDropped = c.rxDropped() + c.rxFifo();
            return new InterfaceCounters(c.txPackets(), c.rxPackets(), c.txDropped(),
                    txDropped < 0 ? Long.MAX_VALUE : txDropped, 0, c.txFifo());
        }
        return new InterfaceCounters(c.rxPackets(), c.txPackets(), c.rxDropped(), c.txDropped(), 0, c.rxFifo());
    }
}
