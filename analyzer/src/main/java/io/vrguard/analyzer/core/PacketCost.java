package io.vrguard.analyzer.core;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measured CPU cost per packet of one VR: CPU % ÷ kpps over the intervals where the VR was loaded.
 *
 * <p>Only the loaded intervals count: those where the VR used at least {@link #LOADED_FRACTION} of the most CPU
 * it used in the window. Light-load intervals (a dip in offered traffic, a ramp) cost less per packet than the
 * saturated ones a remedy must plan for (batching amortises fixed per-wakeup work differently, and the idle
 * part of the cost is not visible), so averaging them in made share plans come out low.
 */
public final class PacketCost {
    /** An interval within this fraction of the VR's busiest interval counts as loaded. */
    public static final double LOADED_FRACTION = 0.8;

    private PacketCost() {
    }

    /** % of one CPU per kpps delivered, over the loaded intervals; empty when the window shows no forwarding. */
    public static Optional<Double> percentPerKpps(HostWindow window, String vr) {
        List<double[]> intervals = new ArrayList<>(); // {cpu %, kpps}
        double busiest = 0;
        for (HostSample s : window.samples()) {
            Optional<VrSample> v = window.routerIn(s, vr);
            if (v.isPresent() && VrSample.STATE_OK.equals(v.get().state()) && v.get().deliveredPps() > 0) {
                double cpu = Contention.usage(v.get());
                intervals.add(new double[] {cpu, Breach.kpps(v.get().deliveredPps())});
                busiest = Math.max(busiest, cpu);
            }
        }
        double cpu = 0;
        double kpps = 0;
        for (double[] i : intervals) {
            if (i[0] >= LOADED_FRACTION * busiest) {
                cpu += i[0];
                kpps += i[1];
            }
        }
        return kpps > 0 && cpu > 0 ? Optional.of(cpu / kpps) : Optional.empty();
    }
}
