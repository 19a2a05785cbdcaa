package io.vrguard.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root: the nearest directory upwards that holds {@code mvnw}. */
final class ProjectDirs {
    private ProjectDirs() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside a vrguard checkout (no mvnw found upwards)");
        }
        return dir;
    }
}
