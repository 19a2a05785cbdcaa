package io.vrguard.lab.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A lab scenario: its VRs, the per-packet work of the KVM-style relays (which sets their capacity), and a timeline
 * of offered loads. {@code settle} is the start of each step left out of its figures, while queues and the
 * scheduler adjust to the new load. {@code relayCapacityKpps}, when positive, is what one relay alone on the VRs'
 * CPU should forward: the lab then calibrates {@code relayWork} to it on the machine at hand (a machine twice as
 * fast would otherwise never starve anyone), and {@code relayWork} is only the first guess.
 */
public record Scenario(String name, String description, int relayWork, double relayCapacityKpps, int packetBytes,
                       Duration settle, List<RouterSpec> routers, List<Step> steps) {
    public Scenario {
        routers = List.copyOf(routers);
        steps = List.copyOf(steps);
    }

    public Scenario withRelayWork(int work) {
        return new Scenario(name, description, work, relayCapacityKpps, packetBytes, settle, routers, steps);
    }

    /** True when the relays' work is to be calibrated to {@link #relayCapacityKpps()} before use. */
    public boolean calibrates() {
        return relayCapacityKpps > 0 && routers.stream().anyMatch(r -> r.kind() == io.vrguard.protocol.VrKind.KVM);
    }

    public Optional<RouterSpec> router(String name) {
        return routers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Duration totalDuration() {
        return steps.stream().map(Step::duration).reduce(Duration.ZERO, Duration::plus);
    }

    public Scenario mapRouters(UnaryOperator<RouterSpec> change) {
        return new Scenario(name, description, relayWork, relayCapacityKpps, packetBytes, settle,
                routers.stream().map(change).toList(), steps);
    }
}
