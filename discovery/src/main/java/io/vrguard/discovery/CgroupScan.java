package io.vrguard.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds cgroup directories by name below a configurable base (empty for the host's own layout, e.g.
 * {@code vrglab} for the lab) in every mounted hierarchy vrguard uses, as paths relative to the hierarchy root.
 */
final class CgroupScan {
    private final CgroupHierarchies hierarchies;
    private final String base;

    CgroupScan(CgroupHierarchies hierarchies, String base) {
        this.hierarchies = hierarchies;
        this.base = base == null ? "" : base.replaceAll("^/+|/+$", "");
        if (!this.base.isEmpty()) {
            SafePaths.relativeCgroupPath(this.base);
        }
    }

    String base() {
        return base;
    }

    List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        if (hierarchies.v2() != null) {
            roots.add(hierarchies.v2());
        }
        roots.addAll(hierarchies.v1().values());
        return roots;
    }

    /** Relative paths (from each hierarchy root) of directories under base/start matching, up to depth. */
    Set<String> find(String start, int depth, Predicate<String> matches) {
        Set<String> found = new TreeSet<>();
        for (Path root : roots()) {
            Path from = base.isEmpty() ? root.resolve(start) : root.resolve(base).resolve(start);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(from, depth)) {
                dirs.filter(Files::isDirectory)
                        .filter(d -> matches.test(d.getFileName().toString()))
                        .forEach(d -> found.add(root.relativize(d).toString()));
            } catch (IOException | java.io.UncheckedIOException e) {
                // a group vanished while walking: the next pass sees the new state
            }
        }
        return found;
    }

    CgroupPlacement place(String relative, String systemdUnit) {
        return hierarchies.place(relative, base.isEmpty() ? systemdUnit : null);
    }
}
