package io.vrguard.analyzer.core;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A VR delivering less than min(offered, guarantee) × (1 − tolerance) in at least k of the last n intervals.
 *
 * @param latest the victim's sample in the most recent breaching interval
 * @param sample the host sample of that interval: contention is judged on the interval that breached, so a
 *               breach still counted from history is not reclassified by a healthy latest interval
 */
public record Breach(String vr, SlaPolicy policy, int breachedIntervals, int judgedIntervals, VrSample latest,
        HostSample sample) {

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
        HostSample lastBreaching = null;
        VrSample lastBreachingVr = null;
        for (HostSample sample : window.last(s.windowIntervals())) {
            Optional<VrSample> vr = window.routerIn(sample, latest.name());
            if (vr.isEmpty() || !VrSample.STATE_OK.equals(vr.get().state())) {
                continue; // no rate this interval: neither a breach nor proof of health
            }
            judged++;
            if (breaches(vr.get(), policy)) {
                breached++;
                lastBreaching = sample;
                lastBreachingVr = vr.get();
            }
        }
        return breached >= s.breachIntervals()
                ? Optional.of(new Breach(latest.name(), policy, breached, judged, lastBreachingVr, lastBreaching)) : Optional.empty();
    }

    static boolean breaches(VrSample vr, SlaPolicy policy) {
        return kpps(vr.deliveredPps()) < policy.floorKpps(kpps(vr.offeredPps()));
    }

    static double kpps(double pps) {
        return pps / 1000.0;
    }
}
