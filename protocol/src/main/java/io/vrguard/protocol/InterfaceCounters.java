package io.vrguard.protocol;

/** Raw kernel counters of one interface, already turned to the VR's point of view. */
public record InterfaceCounters(
        long rxPackets,
        long txPackets,
        long rxDropped,
        long txDropped,
        long rxMissedErrors,
        long rxFifoErrors) {
}
