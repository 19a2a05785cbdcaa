package io.vrguard.lab.testbed;

import io.vrguard.discovery.CgroupHierarchies;
import io.vrguard.lab.core.LabNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's cgroup v1 tree, laid out as libvirt lays out a domain but under a {@code vrglab} parent so the lab
 * never creates an unprefixed cgroup:
 * {@code <hierarchy>/vrglab/machine.slice/machine-qemu\x2dN\x2dNAME.scope/libvirt/{emulator,vcpu0}} in the cpu,
 * cpuacct and cpuset hierarchies, plus {@code cpuset/vrglab/traffic} for the sources and sinks. Shares are written
 * on the scope, as {@code virsh schedinfo --set cpu_shares} does.
 */
public final class LabCgroups {
    /**
     * Weight of the whole lab against other work in the root cgroup (each root task weighs 1024; this is the
     * maximum): a build running beside the lab must not decide how the VRs' CPU is split, only their own shares.
     */
    static final int BASE_SHARES = 262_144;

    private final CgroupHierarchies hierarchies;
    private final CpuLayout cpus;

    public LabCgroups(Path cgroupRoot, CpuLayout cpus) {
        this.hierarchies = CgroupHierarchies.detect(cgroupRoot);
        this.cpus = cpus;
        for (String controller : CgroupHierarchies.CONTROLLERS) {
            if (!hierarchies.v1().containsKey(controller)) {
                throw new LabException("the lab needs the cgroup v1 '" + controller + "' hierarchy under "
                        + cgroupRoot + " (found: " + hierarchies.v1().keySet() + ")");
            }
        }
    }

    /** Creates the VR's scope and its libvirt sub-groups; returns the vcpu0 directory of every hierarchy. */
    public List<Path> createKvmScope(LabNames names) {
        List<Path> vcpu = new ArrayList<>();
        for (String controller : CgroupHierarchies.CONTROLLERS) {
            Path scope = dir(controller, names.scopeCgroup());
            for (Path p : List.of(scope.resolve("libvirt/emulator"), scope.resolve("libvirt/vcpu0"))) {
                createChain(controller, p, String.valueOf(cpus.routerCpu()));
            }
            vcpu.add(scope.resolve("libvirt/vcpu0"));
        }
        return vcpu;
    }

    /** An LXC-style VR has no process of its own; its payload group exists so discovery finds the same layout. */
    public void createLxcPayload(LabNames names) {
        for (String controller : CgroupHierarchies.CONTROLLERS) {
            createChain(controller, dir(controller, names.lxcCgroup()), String.valueOf(cpus.routerCpu()));
        }
    }

    /**
     * Sources and sinks: pinned to the traffic CPU, away from the VRs, and under the lab's weight in the cpu
     * hierarchy too, so that a build beside the lab does not throttle the offered load. Returns the directories.
     */
    public List<Path> createTraffic() {
        Path cpuset = dir("cpuset", LabNames.CGROUP_BASE + "/traffic");
        createChain("cpuset", cpuset, String.valueOf(cpus.trafficCpu()));
        Path cpu = dir("cpu", LabNames.CGROUP_BASE + "/traffic");
        createChain("cpu", cpu, null);
        return List.of(cpuset, cpu);
    }

    /**
     * {@code lab run}'s own JVM and everything it starts (broker, influxd, collector, analyzer, enforcer): on the
     * traffic CPU, away from the VRs, and inside the lab's tree so that {@code lab clean} kills them after a crash.
     * The services weigh more than the traffic: vrguard's loop latency is what a run measures, and at equal or
     * lower weight the sources' frequent wake-ups (every ~100 us) kept the collector waiting for CPU 0 for up to a
     * second per sample. A source delayed by a service's burst catches up within its 20 ms backlog limit, and its
     * own count stays the offered figure either way. Returns the directories.
     */
    public List<Path> createServices() {
        List<Path> dirs = new ArrayList<>();
        for (String controller : CgroupHierarchies.CONTROLLERS) {
            Path dir = dir(controller, LabNames.CGROUP_BASE + "/services");
            createChain(controller, dir, String.valueOf(cpus.trafficCpu()));
            dirs.add(dir);
        }
        write(dir("cpu", LabNames.CGROUP_BASE + "/services").resolve("cpu.shares"), "8192");
        return dirs;
    }

    public void setShares(LabNames names, int shares) {
        write(dir("cpu", names.scopeCgroup()).resolve("cpu.shares"), String.valueOf(shares));
    }

    public int shares(LabNames names) {
        return (int) readLong(dir("cpu", names.scopeCgroup()).resolve("cpu.shares"));
    }

    /** cpuacct.usage of the scope (ns, includes the libvirt sub-groups). */
    public long usageNanos(LabNames names) {
        return readLong(dir("cpuacct", names.scopeCgroup()).resolve("cpuacct.usage"));
    }

    public Path dir(String controller, String relative) {
        return hierarchies.v1().get(controller).resolve(relative);
    }

    public List<Path> baseDirs() {
        return CgroupHierarchies.CONTROLLERS.stream().map(c -> dir(c, LabNames.CGROUP_BASE)).toList();
    }

    /** mkdir from the vrglab base down to {@code leaf}; cpuset groups get cpus and mems before any task joins. */
    private void createChain(String controller, Path leaf, String leafCpus) {
        Path root = hierarchies.v1().get(controller);
        Path current = root;
        for (Path part : root.relativize(leaf)) {
            current = current.resolve(part.toString());
            try {
                if (Files.notExists(current)) {
                    Files.createDirectory(current);
                }
            } catch (IOException e) {
                throw new LabException("cannot create cgroup " + current + ": " + e.getMessage(), e);
            }
            if (controller.equals("cpu") && current.getParent().equals(root)) {
                write(current.resolve("cpu.shares"), String.valueOf(BASE_SHARES));
            }
            if (controller.equals("cpuset")) {
                boolean base = current.getParent().equals(root);
                write(current.resolve("cpuset.cpus"), base ? cpus.allCpus() : leafCpus);
                write(current.resolve("cpuset.mems"), read(current.getParent().resolve("cpuset.mems")).strip());
            }
        }
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new LabException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long readLong(Path file) {
        return Long.parseLong(read(file).strip());
    }
}
