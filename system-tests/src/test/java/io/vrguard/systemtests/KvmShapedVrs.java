package io.vrguard.systemtests;

import io.vrguard.testkit.KernelObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KVM-shaped VRs without KVM: libvirt-shaped cgroups ({@code BASE/machine.slice/machine-qemu\x2dN\x2dNAME.scope}
 * in the v1 cpu and cpuacct hierarchies) under a {@code vrgx-} base, each running a CPU-bound process pinned to
 * CPU 0, and libvirt's runtime domain XML under a run root of our own, so the enforcer's libvirt discovery finds
 * them exactly as on a libvirt host. The base gets a CFS quota of half a core: that half core is the "shared
 * core" the VRs contend for, and the rest of this shared machine is not starved by the test.
 */
final class KvmShapedVrs implements AutoCloseable {
    static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private final KernelObjects kernel;
    private final String base;
    private final Path runRoot;
    private final Map<String, String> scopes = new LinkedHashMap<>();
    private final List<Process> loops = new java.util.ArrayList<>();

    KvmShapedVrs(KernelObjects kernel, String base, Path runRoot, List<String> names) {
        this.kernel = kernel;
        this.base = base;
        this.runRoot = runRoot;
        try {
            Files.createDirectories(runRoot.resolve("libvirt/qemu"));
            Path top = kernel.cgroupV1("cpu", base);
            Files.writeString(top.resolve("cpu.cfs_period_us"), "100000");
            Files.writeString(top.resolve("cpu.cfs_quota_us"), "50000");
            int id = 1;
            for (String name : names) {
                String scope = base + "/machine.slice/machine-qemu\\x2d" + id + "\\x2d" + name + ".scope";
                scopes.put(name, scope);
                kernel.cgroupV1("cpu", scope);
                kernel.cgroupV1("cpuacct", scope);
                Files.writeString(runRoot.resolve("libvirt/qemu/" + name + ".xml"), """
                        <domstatus state='running' reason='booted' pid='1'>
                          <domain type='kvm' id='%d'><name>%s</name><devices/></domain>
                        </domstatus>
                        """.formatted(id, name));
                Process loop = new ProcessBuilder("taskset", "-c", "0", "bash", "-c", "while :; do :; done",
                        base + "-" + name).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                loops.add(loop);
                for (String controller : List.of("cpu", "cpuacct")) {
                    Files.writeString(CGROUP.resolve(controller).resolve(scope).resolve("cgroup.procs"),
                            String.valueOf(loop.pid()));
                }
                id++;
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    String base() {
        return base;
    }

    Path runRoot() {
        return runRoot;
    }

    Path cpuDir(String vr) {
        return CGROUP.resolve("cpu").resolve(scopes.get(vr));
    }

    long shares(String vr) {
        return Long.parseLong(read(cpuDir(vr).resolve("cpu.shares")));
    }

    /** Nanoseconds of CPU the VR's group has used (cpuacct.usage), a real kernel counter. */
    long usageNs(String vr) {
        return Long.parseLong(read(CGROUP.resolve("cpuacct").resolve(scopes.get(vr)).resolve("cpuacct.usage")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        loops.forEach(KernelObjects::stop);
        kernel.close();
    }
}
