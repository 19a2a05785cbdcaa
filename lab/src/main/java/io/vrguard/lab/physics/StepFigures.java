package io.vrguard.lab.physics;

/**
 * What one VR did during the measured part of one step, from the helpers' own counters (kpps) and the cgroup
 * (cpu %). {@code deliveredMedianKpps} is the median of 250 ms intervals; {@code deliveredKpps} the plain mean.
 */
public record StepFigures(String variant, String step, String router, double guaranteeKpps, int cpuShares,
                          double offeredKpps, double deliveredKpps, double deliveredMedianKpps, double dropKpps,
                          double cpuPercent) {
    public double deliveredShareOfGuarantee() {
        return deliveredMedianKpps / guaranteeKpps;
    }

    /**
     * Delivered against what the VR could have delivered: its guarantee, or less when its source offered less
     * (a source starved on a busy traffic CPU is not the VR's fault).
     */
    public double deliveredShareOfEntitlement() {
        return deliveredMedianKpps / Math.min(guaranteeKpps, offeredKpps);
    }
}
