package io.vrguard.discovery;

import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

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
 * Read with SnakeYAML Engine into plain maps and lists rather than a data-binding mapper: the collector then
 * loads no Jackson at all (~500 classes, a few MB of its resident memory; docs/benchmarks.md).
 */
public final class InventoryFile implements VrDiscovery {
    private final Path file;
    private final CgroupHierarchies hierarchies;

    public InventoryFile(Path file, HostRoots roots) {
        this.file = file;
        this.hierarchies = CgroupHierarchies.detect(roots.cgroup());
    }

    /** The parsed document and the file version it came from (its inode, modification time and size). */
    private record Parsed(Object fileKey, FileTime modified, long size, Object root) {
        boolean isOf(BasicFileAttributes attrs) {
            return Objects.equals(fileKey, attrs.fileKey()) && modified.equals(attrs.lastModifiedTime())
                    && size == attrs.size();
        }
    }

    private volatile Parsed parsed;

    @Override
    public DiscoveryResult discover() {
        Object root;
        try {
            root = document();
        } catch (IOException | YamlEngineException e) {
            return new DiscoveryResult(List.of(), List.of("inventory " + file + " cannot be read: " + e.getMessage()));
        }
        Object entries = root instanceof Map<?, ?> m ? m.get("routers") : null;
        if (!(entries instanceof List<?> list)) {
            return new DiscoveryResult(List.of(), List.of("inventory " + file + " has no 'routers' list"));
        }
        List<DiscoveredVr> routers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                DiscoveredVr vr = entry(list.get(i));
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

    /**
     * The file's YAML tree, parsed again only when the file changed: the collector asks on every discovery refresh
     * (every 10 s), and parsing was a quarter of a refresh's CPU at 64 VRs. The entries are still checked each time,
     * against cgroups that may have appeared or gone since.
     */
    private Object document() throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        Parsed last = parsed;
        if (last != null && last.isOf(attrs)) {
            return last.root();
        }
        // a Load is not thread-safe and is cheap: one per parse. A repeated key keeps its last value, as the
        // Jackson reader before it did, rather than refusing every VR of the file
        Object root = new Load(LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(true).build())
                .loadFromString(Files.readString(file));
        parsed = new Parsed(attrs.fileKey(), attrs.lastModifiedTime(), attrs.size(), root);
        return root;
    }

    private DiscoveredVr entry(Object value) {
        Map<?, ?> node = mapping(value, "a router");
        String name = SafePaths.vrName(text(node, "name"));
        VrKind kind = VrKind.fromWire(text(node, "kind"));
        NetnsRef netns = netns(node);
        List<VrInterface> interfaces = new ArrayList<>();
        Object ifs = node.get("interfaces");
        if (ifs != null) {
            if (!(ifs instanceof List<?> list)) {
                throw new IllegalArgumentException("'interfaces' must be a list");
            }
            for (Object i : list) {
                interfaces.add(iface(i, netns));
            }
        }
        String cgroup = optional(node, "cgroup");
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

    private static NetnsRef netns(Map<?, ?> node) {
        String named = optional(node, "netns");
        if (named != null) {
            return NetnsRef.named(SafePaths.vrName(named));
        }
        String pid = optional(node, "netnsPid");
        if (pid != null) {
            int value;
            try {
                value = Integer.parseInt(pid);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("netnsPid must be a positive pid, not '" + pid + "'");
            }
            if (value <= 0) {
                throw new IllegalArgumentException("netnsPid must be a positive pid");
            }
            return NetnsRef.ofPid(value);
        }
        return NetnsRef.HOST;
    }

    private static VrInterface iface(Object value, NetnsRef vrNetns) {
        Map<?, ?> node = value instanceof Map<?, ?> m ? m : null;
        String name = SafePaths.interfaceName(node == null ? scalar(value, "an interface") : text(node, "name"));
        String side = node != null && optional(node, "side") != null ? optional(node, "side")
                : (vrNetns.isHost() ? "host" : "vr");
        String ownNetns = node == null ? null : optional(node, "netns");
        NetnsRef own = ownNetns != null ? NetnsRef.named(SafePaths.vrName(ownNetns)) : null;
        return switch (side) {
            case "vr" -> new VrInterface(name, own != null ? own : vrNetns, false);
            case "host" -> new VrInterface(name, own != null ? own : NetnsRef.HOST, true);
            case "macvtap" -> new VrInterface(name, own != null ? own : NetnsRef.HOST, false);
            default -> throw new IllegalArgumentException("interface '" + name + "': side must be vr, host or macvtap");
        };
    }

    private static Map<?, ?> mapping(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(what + " must be a mapping of fields");
    }

    /** A scalar (text, number, boolean) as its text; a list or mapping where a scalar belongs is refused. */
    private static String scalar(Object value, String what) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException(what + " must be a single value");
        }
        return value == null ? null : value.toString();
    }

    /** The field's text; null when absent or null. */
    private static String optional(Map<?, ?> node, String field) {
        return scalar(node.get(field), "'" + field + "'");
    }

    private static String text(Map<?, ?> node, String field) {
        String value = optional(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }
}
