package io.vrguard.collector.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Devices of other network namespaces in sysfs, read on discovery refresh. sysfs shows the devices of the network
 * namespace it was mounted in, so another namespace's devices are visible through {@code /proc/PID/root/sys} of a
 * process whose mount namespace mounted sysfs there (LXC containers, {@code ip netns exec}). That view is used only
 * when its device names are exactly the namespace's own (from its /proc/PID/net/dev); a process sharing the host's
 * mount namespace would otherwise show the host's eth0 as the container's.
 */
final class NamespaceSysfs {
    private NamespaceSysfs() {
    }

    /** {@code /proc/PID/root/sys} when it is the sysfs of the namespace holding {@code devices}. */
    static Optional<Path> of(Path proc, int pid, Set<String> devices) {
        Path sys = proc.resolve(pid + "/root/sys");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> entries = Files.list(sys.resolve("class/net"))) {
            // devices are directories (bonding_masters and the like are files)
            entries.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return names.equals(new TreeSet<>(devices)) ? Optional.of(sys) : Optional.empty();
    }

    /** A device's (ifindex, iflink) in a sysfs; iflink is the peer's ifindex for a veth. */
    record Link(int ifindex, int iflink) {
    }

    static Optional<Link> link(Path sys, String device) {
        Path dir = sys.resolve("class/net").resolve(device);
        int ifindex = number(dir.resolve("ifindex"));
        int iflink = number(dir.resolve("iflink"));
        return ifindex > 0 && iflink > 0 ? Optional.of(new Link(ifindex, iflink)) : Optional.empty();
    }

    /** Every device of a sysfs by ifindex: name and iflink. */
    static Map<Integer, Map.Entry<String, Integer>> byIfindex(Path sys) {
        Map<Integer, Map.Entry<String, Integer>> result = new HashMap<>();
        try (Stream<Path> entries = Files.list(sys.resolve("class/net"))) {
            entries.forEach(p -> link(sys, p.getFileName().toString()).ifPresent(l ->
                    result.put(l.ifindex(), Map.entry(p.getFileName().toString(), l.iflink()))));
        } catch (IOException | RuntimeException e) {
            // no sysfs here (a fixture without one): no peers
        }
        return result;
    }

    /**
     * The host-side peer of a veth inside a namespace: the host device whose ifindex is the veth's iflink and
     * whose iflink is the veth's ifindex (both directions must agree: ifindexes are per namespace).
     */
    static Optional<String> hostPeer(Link inside, Map<Integer, Map.Entry<String, Integer>> host) {
        if (inside.iflink() == inside.ifindex()) {
            return Optional.empty(); // not a paired device
        }
        var candidate = host.get(inside.iflink());
        return candidate != null && candidate.getValue() == inside.ifindex() ? Optional.of(candidate.getKey())
                : Optional.empty();
    }

    private static int number(Path file) {
        return KernelFile.readIfPresent(file).map(String::strip).filter(s -> s.matches("\\d{1,9}"))
                .map(Integer::parseInt).orElse(0);
    }
}
