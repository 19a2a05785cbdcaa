package io.vrguard.enforcer.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real kernel objects for ITs, all named with the prefix {@code vrge}: network namespaces, veth pairs and cgroups.
 * {@link #sweep()} removes leftovers of earlier runs; every object created here is removed by {@link #close()}.
 */
public final class Kernel implements AutoCloseable {
    public static final String PREFIX = "vrge";
    public static final Path CPU_V1 = Path.of("/sys/fs/cgroup/cpu");
    public static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    private final List<String> netns = new ArrayList<>();
    private final List<Path> cgroups = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    public static String uniqueSuffix() {
        return Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    }

    /** Removes vrge netns and cgroups left by an earlier run that died before cleaning up. */
    public static void sweep() {
        try {
            for (String line : sh("ip", "netns", "list").split("\n")) {
                String name = line.split(" ")[0];
                if (name.startsWith(PREFIX + "-")) {
                    sh("ip", "netns", "delete", name);
                }
            }
            for (Path root : List.of(CPU_V1, UNIFIED)) {
                if (Files.isDirectory(root)) {
                    try (Stream<Path> s = Files.list(root)) {
                        s.filter(p -> p.getFileName().toString().startsWith(PREFIX + "-")).forEach(Kernel::rmCgroup);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates {@code root/name/child...} and returns the deepest directory. */
    public Path cgroup(Path root, String name, String... children) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectory(dir);
        cgroups.add(dir);
        for (String child : children) {
            dir = dir.resolve(child);
            Files.createDirectory(dir);
        }
        return dir;
    }

    public void netns(String name) {
        sh("ip", "netns", "add", name);
        netns.add(name);
    }

    /** A veth pair with 2 rx and 2 tx queues (so xps_cpus exists); {@code inner} moves into {@code ns}. */
    public void veth(String outer, String inner, String ns) {
        sh("ip", "link", "add", outer, "numtxqueues", "2", "numrxqueues", "2", "type", "veth", "peer", "name", inner,
                "numtxqueues", "2", "numrxqueues", "2");
        sh("ip", "link", "set", inner, "netns", ns);
        sh("ip", "link", "set", outer, "up");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", inner, "up");
    }

    /** A long sleep inside {@code ns}, for tests that reach a namespace by pid. */
    public long processIn(String ns) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "600").start();
        processes.add(p);
        return p.pid();
    }

    public static String sh(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : netns) {
            try {
                sh("ip", "netns", "delete", ns); // deletes the veth pair with its inner end
            } catch (IllegalStateException e) {
                // already gone
            }
        }
        cgroups.forEach(Kernel::rmCgroup);
    }

    /** cgroup directories are removed with rmdir, deepest first (their files cannot be deleted). */
    private static void rmCgroup(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> {
                try {
                    Files.delete(d);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot remove cgroup " + d, e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
