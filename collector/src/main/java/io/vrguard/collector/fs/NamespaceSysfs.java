package io.vrguard.collector.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path sys = root(proc, pid);
        Set<String> names = new TreeSet<>();
        try (Stream<Path> entries = Files.list(sys.resolve("class/net"))) {
            // devices are directories (bonding_masters and the like are files)
            entries.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return names.equals(new TreeSet<>(devices)) ? Optional.of(sys) : Optional.empty();
    }

    /** The sysfs a process sees. */
    static Path root(Path proc, int pid) {
        return proc.resolve(pid + "/root/sys");
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

    /**
     * True when a device inside a namespace and a host device are the two ends of one veth: the host device's
     * ifindex is the inside one's iflink and its iflink is the inside one's ifindex (both directions must agree:
     * ifindexes are per namespace).
     */
    static boolean arePeers(Link inside, Link host) {
        return inside.iflink() != inside.ifindex() // else not a paired device
                && host.ifindex() == inside.iflink() && host.iflink() == inside.ifindex();
    }

    private static int number(Path file) {
        return KernelFile.readIfPresent(file).map(String::strip).filter(s -> s.matches("\\d{1,9}"))
                .map(Integer::parseInt).orElse(0);
    }
}
