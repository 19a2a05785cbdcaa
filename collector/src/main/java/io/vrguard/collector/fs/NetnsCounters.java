package io.vrguard.collector.fs;

import io.vrguard.collector.core.ByteText;
import io.vrguard.collector.core.NetDevCounters;
import io.vrguard.collector.core.NetDevParser;
import io.vrguard.collector.core.Parsed;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.NetnsRef;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Interface counters of any network namespace without entering it: /proc/PID/net/dev of a process inside it. For
 * an iproute2-named namespace the pid is found by matching /proc/*&#47;ns/net with the inode of /run/netns/NAME
 * (cached and re-checked each read); when no process is inside, {@code ip netns exec NAME cat /proc/net/dev}.
 */
public final class NetnsCounters {
    private final HostRoots roots;
    private final Map<String, Integer> pidOfNamed = new HashMap<>();
    private final Map<Integer, Map<String, Integer>> ifindexOfPid = new HashMap<>();
    private final java.util.Set<String> validated = new java.util.HashSet<>();

    public NetnsCounters(HostRoots roots) {
        this.roots = roots;
    }

    /** Devices of one namespace with the namespace's inode (0 when unknown) and ifindexes where known. */
    public record Devices(long netnsInode, Parsed<Map<String, NetDevCounters>> counters, Map<String, Integer> ifindex) {
    }

    /**
     * Makes the next reads re-check cached pids and ifindexes (called on discovery refresh; between refreshes a pid
     * that left its namespace shows as a failed read and is looked up again at once).
     */
    public void revalidate() {
        validated.clear();
        ifindexOfPid.clear();
        netnsOfPid.clear();
    }

    /** The pid through which a namespace is read (after a read of it), or null when none. */
    public Integer pidOf(NetnsRef ns) {
        return ns.pid() != null ? ns.pid() : ns.name() == null ? null : pidOfNamed.get(ns.name());
    }

    public Devices read(NetnsRef ns) throws IOException {
        try {
            return readOnce(ns);
        } catch (IOException e) {
            if (ns.name() != null && pidOfNamed.remove(ns.name()) != null) {
                validated.remove(ns.name()); // the cached process left: look for another one now
                return readOnce(ns);
            }
            throw e;
        }
    }

    private Devices readOnce(NetnsRef ns) throws IOException {
        if (ns.isHost()) {
            return new Devices(inodeOfLink(roots.proc().resolve("self/ns/net")),
                    NetDevParser.parse(KernelFile.bytes(roots.proc().resolve("net/dev"))), Map.of());
        }
        if (ns.pid() != null) {
            return ofPid(ns.pid());
        }
        Integer pid = pidOfNamed.get(ns.name());
        if (pid != null && validated.contains(ns.name())) {
            return ofPid(pid);
        }
        if (pid == null && validated.contains(ns.name())) {
            // no process inside at the last check: no /proc scan until the next refresh
            return new Devices(inode(roots.run().resolve("netns").resolve(ns.name())), parse(ipNetnsExec(ns.name())),
                    Map.of());
        }
        long inode = inode(roots.run().resolve("netns").resolve(ns.name()));
        if (inode == 0) {
            throw new IOException("network namespace " + ns.name() + " does not exist");
        }
        if (pid == null || inodeOfLink(nsLink(pid)) != inode) {
            pid = findPid(inode);
            validated.add(ns.name());
            if (pid == null) {
                pidOfNamed.remove(ns.name());
                return new Devices(inode, parse(ipNetnsExec(ns.name())), Map.of());
            }
            pidOfNamed.put(ns.name(), pid);
        }
        validated.add(ns.name());
        return ofPid(pid);
    }

    private Devices ofPid(int pid) throws IOException {
        Path dir = roots.proc().resolve(String.valueOf(pid));
        ByteText text = KernelFile.bytes(dir.resolve("net/dev"));
        if (text.length() == 0) {
            throw new IOException("process " + pid + " is gone");
        }
        var counters = NetDevParser.parse(text);
        Map<String, Integer> ifindex = ifindexOfPid.computeIfAbsent(pid, p -> ifindexes(dir.resolve("net/dev_mcast")));
        return new Devices(netnsOfPid.computeIfAbsent(pid, p -> inodeOfLink(nsLink(p))), counters, ifindex);
    }

    private final Map<Integer, Long> netnsOfPid = new HashMap<>();

    private Path nsLink(int pid) {
        return roots.proc().resolve(pid + "/ns/net");
    }

    private static Parsed<Map<String, NetDevCounters>> parse(String text) {
        return NetDevParser.parse(new StringReader(text));
    }

    /** ifindex per device from dev_mcast ("ifindex name users global address"); devices without multicast
     * addresses are not listed, for those re-creation is detected by counters going down. */
    private static Map<String, Integer> ifindexes(Path devMcast) {
        Map<String, Integer> result = new HashMap<>();
        KernelFile.readIfPresent(devMcast).ifPresent(text -> text.lines().forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].matches("\\d{1,9}")) {
                result.put(f[1], Integer.valueOf(f[0]));
            }
        }));
        return result;
    }

    private Integer findPid(long inode) {
        if (inode == 0) {
            return null;
        }
        try (Stream<Path> entries = Files.list(roots.proc())) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Integer::valueOf).filter(pid -> inodeOfLink(nsLink(pid)) == inode).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static long inode(Path file) {
        try {
            Object ino = Files.getAttribute(file, "unix:ino");
            return ino instanceof Number n ? n.longValue() : 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** "net:[4026532177]" → 4026532177; 0 when unreadable. */
    static long inodeOfLink(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            int open = target.indexOf('[');
            int close = target.indexOf(']');
            return open < 0 || close < open ? 0 : Long.parseLong(target.substring(open + 1, close));
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return 0;
        }
    }

    private static String ipNetnsExec(String name) throws IOException {
        Process p = new ProcessBuilder(List.of("ip", "netns", "exec", name, "cat", "/proc/net/dev"))
                .redirectErrorStream(false).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ip netns exec " + name + " failed");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
