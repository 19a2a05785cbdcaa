package io.vrguard.protocol;

import java.util.List;

/**
 * What the VR's SLA policy lets the enforcer set. Values outside are refused, never clamped.
 *
 * @param allowedCpus CPUs that IRQ affinity and RPS/XPS masks may name (empty = any online CPU)
 */
public record PolicyBounds(Long minShares, Long maxShares, boolean quotaAllowed, List<Integer> allowedCpus) {
    public PolicyBounds {
        allowedCpus = allowedCpus == null ? List.of() : List.copyOf(allowedCpus);
    }
}
