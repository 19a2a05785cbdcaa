package io.vrguard.discovery;

import io.vrguard.protocol.VrKind;
import java.util.List;
import java.util.Objects;

/**
 * A virtual router as this host sees it. Every path the collector reads and the enforcer writes is derived from
 * here, never from text in a command.
 *
 * @param source        {@code inventory}, {@code libvirt} or {@code lxc}
 * @param netns         the VR's own network namespace (LXC, lab VRs), or {@link NetnsRef#HOST}
 * @param libvirtDomain the libvirt domain name for KVM VRs found through libvirt, else null
 */
public record DiscoveredVr(
        String name,
        VrKind kind,
        String source,
        NetnsRef netns,
        List<VrInterface> interfaces,
        CgroupPlacement cgroup,
        String libvirtDomain) {

    public DiscoveredVr {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        netns = netns == null ? NetnsRef.HOST : netns;
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        cgroup = cgroup == null ? CgroupPlacement.NONE : cgroup;
    }
}
