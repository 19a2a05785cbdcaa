package io.vrguard.lab.run;

import io.vrguard.lab.testbed.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves this JVM (all its threads: {@code cgroup.procs} moves the thread group) into the lab's services groups, so
 * it and every process it starts run on the traffic CPU and die with {@code lab clean}; and back out before the
 * lab's own sweep, which kills every task in the lab's tree.
 */
final class SelfCgroups {
    private final List<Path> joined;
    private final List<Path> origins = new ArrayList<>();

    private SelfCgroups(List<Path> joined) {
        this.joined = joined;
    }

    static SelfCgroups join(List<Path> groups) {
        SelfCgroups self = new SelfCgroups(groups);
        long pid = ProcessHandle.current().pid();
        for (Path group : groups) {
            self.origins.add(origin(group));
            write(group.resolve("cgroup.procs"), pid);
        }
        return self;
    }

    /** Back to where the JVM was (or the hierarchy's root if that group is gone). Idempotent. */
    synchronized void leave() {
        long pid = ProcessHandle.current().pid();
        for (Path origin : origins) {
            try {
                Files.writeString(origin.resolve("cgroup.procs"), Long.toString(pid));
            } catch (IOException e) {
                // best effort: the sweep after us would otherwise kill this JVM, so try the root too
                try {
                    Files.writeString(root(origin).resolve("cgroup.procs"), Long.toString(pid));
                } catch (IOException ignored) {
                    // nothing else to try
                }
            }
        }
    }

    /** The group this JVM is in now, in the hierarchy {@code group} belongs to ({@code .../vrglab/services}). */
    private static Path origin(Path group) {
        Path root = root(group);
        String mount = root.getFileName().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && List.of(f[1].split(",")).containsAll(List.of(mount.split(",")))) {
                    Path p = root.resolve(f[2].substring(1));
                    return Files.isDirectory(p) ? p : root;
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot read /proc/self/cgroup: " + e.getMessage(), e);
        }
        return root;
    }

    /** {@code /sys/fs/cgroup/cpu/vrglab/services} → {@code /sys/fs/cgroup/cpu}. */
    private static Path root(Path group) {
        Path p = group;
        while (p.getParent() != null && !p.getFileName().toString().equals("vrglab")) {
            p = p.getParent();
        }
        return p.getParent() == null ? group.getRoot() : p.getParent();
    }

    private static void write(Path file, long pid) {
        try {
            Files.writeString(file, Long.toString(pid));
        } catch (IOException e) {
            throw new LabException("cannot move the lab into " + file.getParent() + ": " + e.getMessage(), e);
        }
    }
}
