package io.vrguard.protocol;

import java.util.Objects;

/**
 * One desired value for one VR. Paths are never taken from here: the enforcer derives them from its own
 * discovery of {@code router}, and {@code target} only names one of that VR's own interfaces.
 *
 * @param target interface name for irq_affinity / rps_cpus / xps_cpus, null for cgroup settings
 * @param value  see {@link Setting} for each format
 */
public record SettingChange(String router, Setting setting, String target, String value, PolicyBounds bounds) {
    public SettingChange {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(setting, "setting");
    }
}
