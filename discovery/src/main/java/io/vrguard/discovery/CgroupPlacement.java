package io.vrguard.discovery;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a VR's cgroup is, per hierarchy.
 *
 * @param v1          cgroup v1 directory per controller name ({@code cpu}, {@code cpuacct}, {@code cpuset}), absolute
 * @param v2          cgroup v2 directory, absolute, or null
 * @param systemdUnit the systemd unit that owns it (e.g. {@code machine-qemu\x2d1\x2dvm1.scope}), or null; when
 *                    set, writes go through libvirt or systemd, not the file
 */
public record CgroupPlacement(Map<String, Path> v1, Path v2, String systemdUnit) {
    public static final CgroupPlacement NONE = new CgroupPlacement(Map.of(), null, null);

    public CgroupPlacement {
        v1 = v1 == null ? Map.of() : Map.copyOf(v1);
    }

    public Optional<Path> v1(String controller) {
        return Optional.ofNullable(v1.get(controller));
    }

    public boolean isEmpty() {
        return v1.isEmpty() && v2 == null;
    }
}
