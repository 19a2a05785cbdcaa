package io.vrguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Network namespaces, veth pairs, cgroups and processes that one test creates, all named with one prefix starting
 * with {@code vrg}, and removed in reverse order on {@link #close()} — also after a failure, and by
 * {@link #sweep(String)} when an earlier run was killed before it could clean up. Never touches anything else.
 */
public final class KernelObjects implements AutoCloseable {
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private final String prefix;
    private final Deque<Runnable> undo = new ArrayDeque<>();

    public KernelObjects(String prefix) {
        if (!prefix.startsWith("vrg") || prefix.length() > 8) {
            throw new IllegalArgumentException("prefix must start with 'vrg' and be at most 8 characters");
        }
        requireRoot();
        this.prefix = prefix;
        sweep(prefix);
    }

    public static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("this test creates network namespaces and cgroups and needs root");
        }
    }

    public String prefix() {
        return prefix;
    }

    /** Creates namespace {@code prefix-suffix} with loopback up. */
    public String netns(String suffix) {
        String name = prefix + "-" + suffix;
        Shell.run("ip", "netns", "add", name);
        undo.push(() -> Shell.tryRun("ip", "netns", "del", name));
        Shell.run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** A veth pair {@code a}@{@code nsA} ↔ {@code b}@{@code nsB}, both up, with optional CIDR addresses. */
    public void veth(String a, String nsA, String cidrA, String b, String nsB, String cidrB, String... options) {
        requirePrefixed(a);
        requirePrefixed(b);
        List<String> cmd = new ArrayList<>(List.of("ip", "link", "add", a));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("type", "veth", "peer", "name", b));
        Shell.run(cmd.toArray(String[]::new));
        undo.push(() -> Shell.tryRun("ip", "link", "del", a));
        place(a, nsA, cidrA);
        place(b, nsB, cidrB);
    }

    private static void place(String link, String ns, String cidr) {
        if (ns != null) {
            Shell.run("ip", "link", "set", link, "netns", ns);
        }
        String[] in = ns == null ? new String[] {"ip"} : new String[] {"ip", "-n", ns};
        if (cidr != null) {
            Shell.run(concat(in, "addr", "add", cidr, "dev", link));
        }
        Shell.run(concat(in, "link", "set", link, "up"));
    }

    /** Runs a command inside a namespace this test made. */
    public String exec(String ns, String... command) {
        return Shell.run(concat(new String[] {"ip", "netns", "exec", ns}, command));
    }

    /** Starts a long-running process inside a namespace; it is killed on close. */
    public Process spawn(String ns, Path log, String... command) {
        try {
            Process process = new ProcessBuilder(concat(new String[] {"ip", "netns", "exec", ns}, command))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            undo.push(() -> stop(process));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code /sys/fs/cgroup/CONTROLLER/prefix-suffix[/child...]} (cgroup v1). */
    public Path cgroupV1(String controller, String relative) {
        requirePrefixed(relative);
        Path dir = CGROUP_ROOT.resolve(controller).resolve(relative);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path top = CGROUP_ROOT.resolve(controller).resolve(relative.split("/")[0]);
        undo.push(() -> removeCgroupTree(top));
        return dir;
    }

    public static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException e) {
                // keep undoing the rest; sweep catches what is left
            }
        }
        sweep(prefix);
    }

    /** Removes every namespace, link and cgroup whose name starts with {@code prefix}. */
    public static void sweep(String prefix) {
        if (!prefix.startsWith("vrg")) {
            throw new IllegalArgumentException("refusing to sweep names without the vrg prefix");
        }
        for (String ns : list(NETNS_DIR)) {
            if (ns.startsWith(prefix)) {
                Shell.tryRun("ip", "netns", "del", ns);
            }
        }
        for (String link : list(Path.of("/sys/class/net"))) {
            if (link.startsWith(prefix)) {
                Shell.tryRun("ip", "link", "del", link);
            }
        }
        for (String controller : list(CGROUP_ROOT)) {
            for (String group : list(CGROUP_ROOT.resolve(controller))) {
                if (group.startsWith(prefix)) {
                    removeCgroupTree(CGROUP_ROOT.resolve(controller).resolve(group));
                }
            }
        }
    }

    /** Moves any task left in the tree to the root, then removes the directories bottom-up. */
    private static void removeCgroupTree(Path top) {
        if (!Files.isDirectory(top)) {
            return;
        }
        Path hierarchyRoot = top.getParent();
        try (Stream<Path> dirs = Files.walk(top)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                evacuate(dir, hierarchyRoot);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // best effort: the next sweep tries again
        }
    }

    private static void evacuate(Path dir, Path hierarchyRoot) throws IOException {
        Path procs = dir.resolve("cgroup.procs");
        if (!Files.exists(procs)) {
            return;
        }
        for (String pid : Files.readAllLines(procs)) {
            try {
                Files.writeString(hierarchyRoot.resolve("cgroup.procs"), pid);
            } catch (IOException e) {
                // the process already exited
            }
        }
    }

    private static void requirePrefixed(String name) {
        if (!name.startsWith("vrg")) {
            throw new IllegalArgumentException("'" + name + "' does not carry the vrg prefix");
        }
    }

    private static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
