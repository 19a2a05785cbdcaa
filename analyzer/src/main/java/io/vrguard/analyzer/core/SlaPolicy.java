package io.vrguard.analyzer.core;

import io.vrguard.protocol.PolicyBounds;

/** The resolved SLA of one VR: fleet defaults, then host, then VR overrides. */
public record SlaPolicy(
        double guaranteeKpps,
        double maxDropRatio,
        int priority,
        Mode mode,
        PolicyBounds bounds,
        double tolerance) {

    /** The delivered rate below which an interval breaches, given what was offered. */
    public double floorKpps(double offeredKpps) {
        return Math.min(offeredKpps, guaranteeKpps) * (1 - tolerance);
    }
}
