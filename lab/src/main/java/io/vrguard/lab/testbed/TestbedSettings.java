package io.vrguard.lab.testbed;

import io.vrguard.discovery.HostRoots;
import java.nio.file.Path;

/** Where the lab works; the defaults are the real host. */
public record TestbedSettings(HostRoots roots, Path workDir, Path runRoot, CpuLayout cpus) {
    public static TestbedSettings defaults(Path workDir) {
        return new TestbedSettings(HostRoots.system(), workDir, Path.of("/run/vrgl-lab"), CpuLayout.checked());
    }

    public Path lockFile() {
        return LabLock.FILE;
    }

    public LabSweep sweep() {
        return new LabSweep(roots.proc(), roots.cgroup(), runRoot);
    }
}
