package io.vrguard.discovery;

import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The static inventory: VRs that discovery cannot find on its own, and the lab's and tests' VRs. Format:
 * <pre>
 * routers:
 *   - name: vr1
 *     kind: kvm                 # kvm | lxc
 *     netns: vrg-vr1            # optional: iproute2 name under /run/netns (or netnsPid: 1234)
 *     cgroup: vrg/vr1           # optional: relative to each cgroup hierarchy's root
 *     interfaces:
 *       - eth0                  # in the VR's netns when netns is set, else a host-side device
 *       - {name: vnet3, side: host}   # side: vr | host (tap/veth, counters swapped) | macvtap (not swapped)
 *       - {name: vrgl1ta, side: host, netns: vrgl-vr1}   # optional netns: where the device lives, if not the
 *                                                        # default for its side (the lab keeps its taps there)
 * </pre>
 * A bad entry is refused with a message naming it; the file as a whole is refused only when it cannot be parsed.
 */
public final class InventoryFile implements VrDiscovery {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Path file;
    private final CgroupHierarchies hierarchies;

    public InventoryFile(Path file, HostRoots roots) {
        this.file = file;
        this.hierarchies = CgroupHierarchies.detect(roots.cgroup());
    }

    @Override
    public DiscoveryResult discover() {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            return new DiscoveryResult(List.of(), List.of("inventory " + file + " cannot be read: " + e.getMessage()));
        }
        List<DiscoveredVr> routers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode entries = root == null ? null : root.get("routers");
        if (entries == null || !entries.isArray()) {
            return new DiscoveryResult(List.of(), List.of("inventory " + file + " has no 'routers' list"));
        }
        for (int i = 0; i < entries.size(); i++) {
            try {
                DiscoveredVr vr = entry(entries.get(i));
                if (!names.add(vr.name())) {
                    throw new IllegalArgumentException("duplicate VR name '" + vr.name() + "'");
                }
                routers.add(vr);
            } catch (IllegalArgumentException e) {
                problems.add("inventory " + file + " routers[" + i + "]: " + e.getMessage());
            }
        }
        return new DiscoveryResult(routers, problems);
    }

    private DiscoveredVr entry(JsonNode node) {
        String name = SafePaths.vrName(text(node, "name"));
        VrKind kind = VrKind.fromWire(text(node, "kind"));
        NetnsRef netns = netns(node);
        List<VrInterface> interfaces = new ArrayList<>();
        JsonNode ifs = node.get("interfaces");
        if (ifs != null) {
            for (JsonNode i : ifs) {
                interfaces.add(iface(i, netns));
            }
        }
        String cgroup = node.hasNonNull("cgroup") ? node.get("cgroup").asString() : null;
        // a group named like a systemd unit (machine-qemu\x2d1\x2dvm1.scope) is that unit's where systemd runs:
        // the enforcer then goes through libvirt or systemd, not the cgroup file (see ShareMethod)
        String unit = cgroup == null ? null : unitOf(cgroup);
        CgroupPlacement placement = cgroup == null ? CgroupPlacement.NONE : hierarchies.place(cgroup, unit);
        String domain = unit == null || kind != VrKind.KVM ? null : CgroupNames.domainOfScope(unit).orElse(null);
        return new DiscoveredVr(name, kind, "inventory", netns, interfaces, placement, domain);
    }

    /**
     * The systemd unit owning {@code cgroup}, or null: systemd's own layout is slices from the root down to a
     * {@code .scope} or {@code .service} ({@code machine.slice/machine-qemu\x2d1\x2dvm1.scope}); the same name
     * below a group of someone else's (the lab's {@code vrglab/machine.slice/...}) is no unit of systemd's.
     */
    static String unitOf(String cgroup) {
        String[] parts = cgroup.replaceAll("^/+|/+$", "").split("/");
        String last = parts[parts.length - 1];
        if (!last.endsWith(".scope") && !last.endsWith(".service")) {
            return null;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (!parts[i].endsWith(".slice")) {
                return null;
            }
        }
        return last;
    }

    private static NetnsRef netns(JsonNode node) {
        if (node.hasNonNull("netns")) {
            return NetnsRef.named(SafePaths.vrName(node.get("netns").asString()));
        }
        if (node.hasNonNull("netnsPid")) {
            int pid = node.get("netnsPid").asInt();
            if (pid <= 0) {
                throw new IllegalArgumentException("netnsPid must be a positive pid");
            }
            return NetnsRef.ofPid(pid);
        }
        return NetnsRef.HOST;
    }

    private static VrInterface iface(JsonNode node, NetnsRef vrNetns) {
        String name = SafePaths.interfaceName(node.isString() ? node.asString() : text(node, "name"));
        String side = node.isObject() && node.hasNonNull("side") ? node.get("side").asString()
                : (vrNetns.isHost() ? "host" : "vr");
        NetnsRef own = node.isObject() && node.hasNonNull("netns")
                ? NetnsRef.named(SafePaths.vrName(node.get("netns").asString())) : null;
        return switch (side) {
            case "vr" -> new VrInterface(name, own != null ? own : vrNetns, false);
            case "host" -> new VrInterface(name, own != null ? own : NetnsRef.HOST, true);
            case "macvtap" -> new VrInterface(name, own != null ? own : NetnsRef.HOST, false);
            default -> throw new IllegalArgumentException("interface '" + name + "': side must be vr, host or macvtap");
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.asString().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value.asString();
    }
}
