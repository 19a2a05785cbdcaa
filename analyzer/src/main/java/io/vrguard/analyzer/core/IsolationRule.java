package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Starvation: the victim breaches on saturated shared CPUs while a neighbour is above its own guarantee or takes
 * more than its guarantee-weighted share of those CPUs.
 */
public final class IsolationRule extends BreachRule {
    public IsolationRule(DetectionSettings settings) {
        super(settings);
    }

    @Override
    protected Optional<Finding> judge(String host, Breach breach, Contention c) {
        List<Contention.Neighbour> aggressors = c.aggressors();
        if (!c.saturated() || aggressors.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (Contention.Neighbour n : aggressors) {
            names.add(n.sample().name());
            why.add(String.format(Locale.ROOT, "%s takes %.0f%% CPU (fair share %.0f%%) and delivers %.0f kpps"
                            + " against its guarantee of %.0f", n.sample().name(), n.usagePercent(),
                    n.fairSharePercent(), Breach.kpps(n.sample().deliveredPps()), n.policy().guaranteeKpps()));
        }
        String path = breach.latest().kind() == VrKind.KVM
                ? "kvm: user-space forwarding, charged to the VR's cgroup, CPU shares govern it"
                : "lxc: shared-kernel SoftIRQ forwarding, charged to no container, steer IRQs/RPS";
        return Optional.of(finding(ViolationType.ISOLATION_VIOLATION, host, breach, c, names,
                cpus(c) + " saturated; " + String.join("; ", why) + " (" + path + ")"));
    }
}
