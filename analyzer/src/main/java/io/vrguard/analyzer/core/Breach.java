package io.vrguard.analyzer.core;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A VR delivering less than min(offered, guarantee) × (1 − tolerance) in at least k of the last n intervals.
 *
 * @param latest the victim's latest sample
 */
public record Breach(String vr, SlaPolicy policy, int breachedIntervals, int judgedIntervals, VrSample latest) {

    /** Every VR of the window's latest sample that breaches its SLA. */
    public static List<Breach> find(HostWindow window, Policies policies, DetectionSettings settings) {
        List<Breach> out = new ArrayList<>();
        HostSample latest = window.latest();
        for (VrSample vr : latest.routers()) {
            SlaPolicy policy = policies.resolve(window.host(), vr.name());
            if (policy.guaranteeKpps() > 0) {
                of(window, vr, policy, settings).ifPresent(out::add);
            }
        }
        return out;
    }

    static Optional<Breach> of(HostWindow window, VrSample latest, SlaPolicy policy, DetectionSettings s) {
        int breached = 0;
        int judged = 0;
        for (HostSample sample : window.last(s.windowIntervals())) {
            Optional<VrSample> vr = HostWindow.router(sample, latest.name());
            if (vr.isEmpty() || !VrSample.STATE_OK.equals(vr.get().state())) {
                continue; // no rate this interval: neither a breach nor proof of health
            }
            judged++;
            if (breaches(vr.get(), policy)) {
                breached++;
            }
        }
        return breached >= s.breachIntervals()
                ? Optional.of(new Breach(latest.name(), policy, breached, judged, latest)) : Optional.empty();
    }

    static boolean breaches(VrSample vr, SlaPolicy policy) {
        return kpps(vr.deliveredPps()) < policy.floorKpps(kpps(vr.offeredPps()));
    }

    static double kpps(double pps) {
        return pps / 1000.0;
    }
}
