package io.vrguard.analyzer.core;

import java.time.Instant;

/**
 * A host's liveness after a sample or a clock tick.
 *
 * @param lastGap        samples missing just before this one (seq gap)
 * @param missedSamples  samples missing since this instance started watching the host
 * @param staleRouters   VRs not reported for the stale threshold
 * @param stale          the host itself stopped reporting
 */
public record HostHealth(String host, Instant at, long seq, long lastGap, long missedSamples, int staleRouters,
        boolean stale) {
}
