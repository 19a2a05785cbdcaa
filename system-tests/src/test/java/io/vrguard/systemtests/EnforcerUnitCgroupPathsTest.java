package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cgroup directories the shipped enforcer unit may write: every layout discovery finds VRs in that one fixed
 * directory can hold (libvirt's machine.slice, LXC's lxc/ and lxc.payload/), in the v1 cpu hierarchy under both of
 * its usual mount names and in the v2 root, and never a hierarchy root itself. {@code SystemdUnitSandboxIT} checks
 * with real mounts that the listed paths are what the unit makes writable; LXC's directories cannot be created
 * here (a test names what it creates {@code vrg*}), so their presence in the unit is checked as text.
 */
class EnforcerUnitCgroupPathsTest {
    private static final List<String> HIERARCHIES = List.of("/sys/fs/cgroup/cpu/", "/sys/fs/cgroup/cpu,cpuacct/",
            "/sys/fs/cgroup/");

    private static List<String> cgroupWritePaths() throws IOException {
        Path unit = ProjectDirs.root().resolve("deploy/systemd/vrguard-enforcer.service");
        return Files.readAllLines(unit).stream().filter(l -> l.startsWith("ReadWritePaths="))
                .flatMap(l -> Arrays.stream(l.substring("ReadWritePaths=".length()).trim().split("\\s+")))
                .map(p -> p.startsWith("-") ? p.substring(1) : p).filter(p -> p.startsWith("/sys/fs/cgroup"))
                .toList();
    }

    @Test
    void everyFixedVrLayoutIsWritableInEveryHierarchy() throws IOException {
        List<String> paths = cgroupWritePaths();
        for (String hierarchy : HIERARCHIES) {
            for (String layout : List.of("machine.slice", "lxc", "lxc.payload")) {
                assertThat(paths).as(hierarchy + layout).contains(hierarchy + layout);
            }
        }
    }

    @Test
    void noHierarchyRootIsWritable() throws IOException {
        // a root would open every group on the host, systemd's included: only an operator's drop-in may do that
        assertThat(cgroupWritePaths()).isNotEmpty().doesNotContain("/sys/fs/cgroup", "/sys/fs/cgroup/",
                "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu/", "/sys/fs/cgroup/cpu,cpuacct",
                "/sys/fs/cgroup/cpu,cpuacct/", "/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified/");
    }
}
