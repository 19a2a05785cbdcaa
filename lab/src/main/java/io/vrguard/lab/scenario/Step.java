package io.vrguard.lab.scenario;

import java.time.Duration;
import java.util.Map;

/** One step of a scenario's timeline: how long it lasts and what each VR is offered, in kpps. */
public record Step(String name, Duration duration, Map<String, Double> offeredKpps) {
    public Step {
        offeredKpps = Map.copyOf(offeredKpps);
    }

    public double offered(String router) {
        return offeredKpps.getOrDefault(router, 0.0);
    }
}
