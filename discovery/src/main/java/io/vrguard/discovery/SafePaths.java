package io.vrguard.discovery;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Component-wise checks on names and relative paths that come from configuration or the outside. A string prefix
 * check is not enough ({@code /sys/fs/cgroup/cpu/vr1/../../etc} starts with the right prefix), so every component
 * is checked on its own.
 */
public final class SafePaths {
    /** A VR name: what libvirt and LXC accept in practice, and never a path. */
    private static final Pattern VR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:+-]{0,127}");
    /** A Linux interface name: at most 15 bytes, no '/', ':' or white space, not '.' or '..'. */
    private static final Pattern IF_NAME = Pattern.compile("[A-Za-z0-9_@.+-]{1,15}");
    /** cgroup directory names may hold systemd escapes such as {@code machine-qemu\x2d1\x2dvm1.scope}. */
    private static final Pattern CGROUP_COMPONENT = Pattern.compile("[A-Za-z0-9_.:@+\\\\-]{1,255}");
    /**
     * Names of cgroup control files (v1 and v2): a "directory" component with such a name would make a write land
     * on a control file of the parent group ({@code cgroup.procs}, {@code tasks}, {@code release_agent}, ...).
     */
    private static final Pattern CONTROL_FILE = Pattern.compile("cgroup\\..*|tasks|notify_on_release|release_agent"
            + "|(cpu|cpuacct|cpuset|memory|blkio|io|pids|devices|freezer|net_cls|net_prio|perf_event|hugetlb|rdma"
            + "|misc)\\.[a-z0-9_.]+");

    private SafePaths() {
    }

    public static String vrName(String name) {
        if (name == null || !VR_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("invalid VR name '" + name
                    + "': letters, digits and _ . : + - only, at most 128 characters, no '..'");
        }
        return name;
    }

    public static String interfaceName(String name) {
        if (name == null || !IF_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid interface name '" + name + "'");
        }
        return name;
    }

    /** A relative cgroup path such as {@code machine.slice/machine-qemu\x2d1\x2dvm1.scope}, checked per component. */
    public static Path relativeCgroupPath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("cgroup path is empty");
        }
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        Path result = Path.of("");
        for (String component : trimmed.split("/")) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")
                    || !CGROUP_COMPONENT.matcher(component).matches() || CONTROL_FILE.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid cgroup path '" + path + "': component '" + component
                        + "' is not allowed");
            }
            result = result.resolve(component);
        }
        return result;
    }

    /**
     * True when {@code candidate} exists and, with every symbolic link resolved, lies strictly inside {@code root}
     * (also resolved), component by component: a link inside the tree that points out of it does not count.
     */
    public static boolean isRealInside(Path root, Path candidate) {
        try {
            Path r = root.toRealPath();
            Path c = candidate.toRealPath();
            return c.startsWith(r) && !c.equals(r);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** True when {@code candidate}, normalised, lies inside {@code root} component by component. */
    public static boolean isInside(Path root, Path candidate) {
        Path r = root.toAbsolutePath().normalize();
        Path c = candidate.toAbsolutePath().normalize();
        return c.startsWith(r) && !c.equals(r);
    }
}
