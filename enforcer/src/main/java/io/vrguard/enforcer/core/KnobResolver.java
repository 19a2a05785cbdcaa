package io.vrguard.enforcer.core;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.protocol.Setting;
import java.util.List;

/** Finds the knobs of a discovered VR for a setting; adapters implement it over the host's file systems. */
public interface KnobResolver {
    /**
     * @param iface one of the VR's own interfaces for irq/rps/xps settings, null for cgroup settings
     * @throws RejectedException with {@link Rejection#UNAVAILABLE} when the VR has no such knob here
     */
    List<Knob> knobs(DiscoveredVr vr, Setting setting, String iface);
}
