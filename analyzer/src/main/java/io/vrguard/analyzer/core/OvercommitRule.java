package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationType;
import java.util.List;
import java.util.Optional;

/** The victim breaches on saturated CPUs but no neighbour exceeds its guarantee: the guarantees do not fit. */
public final class OvercommitRule extends BreachRule {
    public OvercommitRule(DetectionSettings settings) {
        super(settings);
    }

    @Override
    protected Optional<Finding> judge(String host, Breach breach, Contention c) {
        boolean alone = c.neighbours().isEmpty();
        if (alone ? !saturatedAlone(breach) : !c.saturated() || !c.aggressors().isEmpty()) {
            return Optional.empty();
        }
        String cause = alone
                ? "its own CPUs are saturated: the guarantee does not fit the CPU it has (capacity, not isolation)"
                : cpus(c) + " saturated and no neighbour exceeds its guarantee or fair share: the guarantees on"
                        + " these CPUs do not fit (capacity, not isolation)";
        return Optional.of(finding(ViolationType.OVERCOMMIT, host, breach, c, List.of(), cause));
    }

    private boolean saturatedAlone(Breach breach) {
        int cpus = Math.max(1, breach.latest().cpus().size());
        return Contention.usage(breach.latest()) >= settings.busySaturatedPercent() * cpus;
    }
}
