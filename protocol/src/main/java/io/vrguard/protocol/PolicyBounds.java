package io.vrguard.protocol;

import java.util.List;

/**
 * What the VR's SLA policy lets the enforcer set. Values outside are refused, never clamped.
 *
 * @param allowedCpus     CPUs that IRQ affinity and RPS/XPS masks may name (empty = any online CPU)
 * @param minQuotaPercent the smallest CPU quota cap, in percent of one CPU (quota / period × 100), that may be set;
 *                        null = only the enforcer's own minimum ({@code min-quota-percent}) applies
 */
public record PolicyBounds(Long minShares, Long maxShares, boolean quotaAllowed, List<Integer> allowedCpus,
        Double minQuotaPercent) {
    public PolicyBounds {
        allowedCpus = allowedCpus == null ? List.of() : List.copyOf(allowedCpus);
    }

    /** Bounds without a policy minimum for a quota cap. */
    public PolicyBounds(Long minShares, Long maxShares, boolean quotaAllowed, List<Integer> allowedCpus) {
        this(minShares, maxShares, quotaAllowed, allowedCpus, null);
    }
}
