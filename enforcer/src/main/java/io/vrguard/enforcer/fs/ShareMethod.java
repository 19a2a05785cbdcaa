package io.vrguard.enforcer.fs;

import io.vrguard.discovery.DiscoveredVr;

/**
 * How CPU shares/weight/quota are applied to a VR's cgroup. Where systemd owns the cgroup (a
 * {@code machine-*.scope}), systemd may re-apply its own values over a direct write and its docs forbid writing
 * its groups, so we go through libvirt when the VR is a libvirt domain (libvirt then talks to systemd itself), else
 * through systemd's D-Bus {@code SetUnitProperties}. Everywhere else (LXC payload groups, lab groups) the cgroup
 * file is written directly.
 */
public enum ShareMethod {
    CGROUPFS("cgroupfs"), VIRSH("virsh"), SYSTEMD_DBUS("systemd-dbus");

    private final String wireName;

    ShareMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * @param systemdRunning whether systemd is this host's init ({@code /run/systemd/system} exists, as
     *                       sd_booted(3) checks): a group named like a unit is only that unit's, and systemd only
     *                       re-applies its values, where systemd runs
     */
    public static ShareMethod choose(DiscoveredVr vr, boolean systemdRunning) {
        if (!systemdRunning || vr.cgroup().systemdUnit() == null) {
            return CGROUPFS;
        }
        return vr.libvirtDomain() != null ? VIRSH : SYSTEMD_DBUS;
    }
}
