package io.vrguard.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several discovery sources as one. Sources are given in precedence order (the inventory first): a VR name found
 * by an earlier source hides the same name from later ones, so the inventory wins. One failing source is reported
 * and does not hide the others.
 */
public final class MergedDiscovery implements VrDiscovery {
    private final List<VrDiscovery> sources;

    public MergedDiscovery(List<VrDiscovery> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Inventory (when given) over libvirt over LXC, all under the same roots and cgroup base. */
    public static MergedDiscovery forHost(HostRoots roots, java.nio.file.Path inventory, String cgroupBase) {
        List<VrDiscovery> sources = new ArrayList<>();
        if (inventory != null) {
            sources.add(new InventoryFile(inventory, roots));
        }
        sources.add(new LibvirtDiscovery(roots, cgroupBase));
        sources.add(new LxcDiscovery(roots, cgroupBase));
        return new MergedDiscovery(sources);
    }

    @Override
    public DiscoveryResult discover() {
        Map<String, DiscoveredVr> routers = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (VrDiscovery source : sources) {
            DiscoveryResult result;
            try {
                result = source.discover();
            } catch (RuntimeException e) {
                problems.add(source.getClass().getSimpleName() + " failed: " + e);
                continue;
            }
            result.routers().forEach(vr -> routers.putIfAbsent(vr.name(), vr));
            problems.addAll(result.problems());
        }
        return new DiscoveryResult(List.copyOf(routers.values()), problems);
    }
}
