package io.vrguard.discovery;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where this host's kernel file systems are. Replaced by a captured fixture tree in tests, so the same code
 * reads a real host and a fixture.
 */
public record HostRoots(Path proc, Path sys, Path cgroup, Path run) {
    public HostRoots {
        Objects.requireNonNull(proc, "proc");
        Objects.requireNonNull(sys, "sys");
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(run, "run");
    }

    public static HostRoots system() {
        return new HostRoots(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"), Path.of("/run"));
    }

    /** All four roots under one fixture directory: {@code dir/proc}, {@code dir/sys}, ... */
    public static HostRoots under(Path dir) {
        return new HostRoots(dir.resolve("proc"), dir.resolve("sys"), dir.resolve("sys/fs/cgroup"),
                dir.resolve("run"));
    }
}
