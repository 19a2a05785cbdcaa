package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A VR that the host stopped reporting for N intervals is stale, never healthy, until it reports again. */
public final class StaleRule implements Rule {
    private final DetectionSettings settings;

    public StaleRule(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public int intervalsNeeded() {
        return 1;
    }

    @Override
    public List<Finding> evaluate(HostWindow window, Policies policies) {
        long seq = window.latest().seq();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : window.lastSeenSeq().entrySet()) {
            long missing = seq - e.getValue();
            if (missing >= settings.staleIntervals()) {
                out.add(new Finding(ViolationType.STALE, window.host(), e.getKey(), List.of(), List.of(), null,
                        e.getKey() + " has not been reported for " + missing + " intervals (last in seq "
                                + e.getValue() + "): its state is unknown, not healthy",
                        Map.of("missingIntervals", (double) missing)));
            }
        }
        return out;
    }
}
