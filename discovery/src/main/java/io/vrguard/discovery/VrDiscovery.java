package io.vrguard.discovery;

import java.util.List;

/** A source of this host's VRs. Implementations never throw for one bad VR: they skip it and say why. */
public interface VrDiscovery {
    DiscoveryResult discover();

    /** What one pass found, and what it had to skip. */
    record DiscoveryResult(List<DiscoveredVr> routers, List<String> problems) {
        public DiscoveryResult {
            routers = List.copyOf(routers);
            problems = List.copyOf(problems);
        }
    }
}
