package io.vrguard.analyzer.core;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.util.Optional;

/** Measured CPU cost per packet of one VR: CPU % ÷ kpps, averaged over the window. */
public final class PacketCost {
    private PacketCost() {
    }

    /** % of one CPU per kpps delivered; empty when the window shows no forwarding. */
    public static Optional<Double> percentPerKpps(HostWindow window, String vr) {
        double cpu = 0;
        double kpps = 0;
        for (HostSample s : window.samples()) {
            Optional<VrSample> v = window.routerIn(s, vr);
            if (v.isPresent() && VrSample.STATE_OK.equals(v.get().state()) && v.get().deliveredPps() > 0) {
                cpu += Contention.usage(v.get());
                kpps += Breach.kpps(v.get().deliveredPps());
            }
        }
        return kpps > 0 && cpu > 0 ? Optional.of(cpu / kpps) : Optional.empty();
    }
}
