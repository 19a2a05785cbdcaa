package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationType;
import java.util.List;
import java.util.Optional;

/** The victim breaches while its CPUs have headroom: an SLA breach of unknown cause, nobody's fault. */
public final class UnexplainedBreachRule extends BreachRule {
    public UnexplainedBreachRule(DetectionSettings settings) {
        super(settings);
    }

    @Override
    protected Optional<Finding> judge(String host, Breach breach, Contention c) {
        boolean saturated = c.neighbours().isEmpty()
                ? Contention.usage(breach.latest())
                        >= settings.busySaturatedPercent() * Math.max(1, breach.latest().cpus().size())
                : c.saturated();
        if (saturated) {
            return Optional.empty();
        }
        return Optional.of(finding(ViolationType.SLA_BREACH, host, breach, c, List.of(),
                "its CPUs have headroom: cause unknown (not a neighbour's fault)"));
    }
}
