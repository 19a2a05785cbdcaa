package io.vrguard.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cgroup hierarchies mounted under a cgroup root: v1 controllers each in their own directory (or co-mounted,
 * as systemd does with {@code cpu,cpuacct}), and v2 either at the root (unified host) or at {@code unified/}
 * (hybrid host).
 */
public record CgroupHierarchies(Map<String, Path> v1, Path v2) {
    /** The controllers vrguard reads or writes. */
    public static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "cpuset");

    public CgroupHierarchies {
        v1 = Map.copyOf(v1);
    }

    public static CgroupHierarchies detect(Path cgroupRoot) {
        if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
            return new CgroupHierarchies(Map.of(), cgroupRoot);
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String controller : CONTROLLERS) {
            Path dir = cgroupRoot.resolve(controller);
            if (Files.isDirectory(dir)) {
                v1.put(controller, dir);
            }
        }
        Path unified = cgroupRoot.resolve("unified");
        return new CgroupHierarchies(v1, Files.exists(unified.resolve("cgroup.controllers")) ? unified : null);
    }

    /**
     * The placement of a cgroup given by its path relative to each hierarchy's root, as {@code /proc/PID/cgroup}
     * prints it. Only hierarchies in which the directory exists, and is inside the hierarchy once symbolic links are
     * resolved, are included.
     */
    public CgroupPlacement place(String relativePath, String systemdUnit) {
        Path relative = SafePaths.relativeCgroupPath(relativePath);
        Map<String, Path> dirs = new LinkedHashMap<>();
        v1.forEach((controller, root) -> {
            Path dir = root.resolve(relative.toString());
            if (Files.isDirectory(dir) && SafePaths.isRealInside(root, dir)) {
                dirs.put(controller, dir);
            }
        });
        Path v2dir = v2 == null ? null : v2.resolve(relative.toString());
        boolean v2ok = v2dir != null && Files.isDirectory(v2dir) && SafePaths.isRealInside(v2, v2dir);
        return new CgroupPlacement(dirs, v2ok ? v2dir : null, systemdUnit);
    }
}
