package io.vrguard.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and paths from outside are checked component by component, and symbolic links cannot lead out. */
class SafePathsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc", "vr1/../../etc", "/../etc", "a//b", ".", "vr 1",
        "cgroup.procs", "vr1/cgroup.procs", "tasks", "vr1/tasks", "release_agent", "notify_on_release",
        "cpu.shares", "vr1/cpu.cfs_quota_us", "cpuset.cpus", "memory.limit_in_bytes", "io.max", "pids.max",
        "vr1/cpu.weight"})
    void refusesTraversalAbsoluteOrControlFileCgroupPaths(String path) {
        assertThatThrownBy(() -> SafePaths.relativeCgroupPath(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid cgroup path");
    }

    /** A leading '/' is how /proc/PID/cgroup prints a path: relative to the hierarchy's root, never the host's. */
    @Test
    void aLeadingSlashStaysUnderTheHierarchyRoot() {
        assertThat(SafePaths.relativeCgroupPath("/etc/passwd")).isEqualTo(Path.of("etc/passwd"));
        assertThat(Path.of("/sys/fs/cgroup/cpu").resolve(SafePaths.relativeCgroupPath("/etc/passwd").toString()))
                .isEqualTo(Path.of("/sys/fs/cgroup/cpu/etc/passwd"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"machine.slice/machine-qemu\\x2d1\\x2dvm1.scope", "lxc.payload.vr1", "vrg/vr1",
        "/machine/vm1.libvirt-qemu", "system.slice/lxc@vr2.service"})
    void acceptsRealCgroupLayouts(String path) {
        assertThat(SafePaths.relativeCgroupPath(path).isAbsolute()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "vr1/..", "/etc", "a/b", "", " ", "vr1\n"})
    void refusesPathLikeVrNames(String name) {
        assertThatThrownBy(() -> SafePaths.vrName(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOverlongVrNames() {
        assertThatThrownBy(() -> SafePaths.vrName("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThat(SafePaths.vrName("x".repeat(128))).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "eth0/../..", "/eth0", "a/b", "sixteen-chars-xx", ""})
    void refusesPathLikeInterfaceNames(String name) {
        assertThatThrownBy(() -> SafePaths.interfaceName(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStringPrefixIsNotContainment() {
        Path root = dir.resolve("cpu");
        assertThat(SafePaths.isInside(root, dir.resolve("cpu-evil/x"))).isFalse(); // "cpu-evil" starts with "cpu"
        assertThat(SafePaths.isInside(root, root.resolve("vr1/../../etc"))).isFalse();
        assertThat(SafePaths.isInside(root, root.resolve("vr1"))).isTrue();
    }

    @Test
    void aSymbolicLinkOutOfTheTreeIsNotInside() throws Exception {
        Path root = Files.createDirectories(dir.resolve("cgroup/cpu"));
        Path vr1 = Files.createDirectories(root.resolve("vr1"));
        Path elsewhere = Files.createDirectories(dir.resolve("etc"));
        Path escape = Files.createSymbolicLink(root.resolve("vr2"), elsewhere);
        Path sideways = Files.createSymbolicLink(root.resolve("vr3"), vr1);

        assertThat(SafePaths.isInside(root, escape)).as("lexically inside").isTrue();
        assertThat(SafePaths.isRealInside(root, escape)).as("really outside").isFalse();
        assertThat(SafePaths.isRealInside(root, vr1)).isTrue();
        assertThat(SafePaths.isRealInside(root, sideways)).as("a link that stays inside").isTrue();
        assertThat(SafePaths.isRealInside(root, root.resolve("missing"))).isFalse();
        assertThat(SafePaths.isRealInside(root, root)).isFalse();
    }

    @Test
    void discoveryDoesNotPlaceAVrInACgroupReachedThroughALinkOutOfTheHierarchy() throws Exception {
        Path cgroupRoot = Files.createDirectories(dir.resolve("cgroup"));
        Path cpu = Files.createDirectories(cgroupRoot.resolve("cpu"));
        Files.writeString(cpu.resolve("cpu.shares"), "1024\n");
        Files.createDirectories(cpu.resolve("vrg/vr1"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(cpu.resolve("vrg/vr2"), elsewhere);

        CgroupHierarchies hierarchies = CgroupHierarchies.detect(cgroupRoot);
        assertThat(hierarchies.place("vrg/vr1", null).v1()).containsKey("cpu");
        assertThat(hierarchies.place("vrg/vr2", null).v1()).isEmpty();
    }
}
