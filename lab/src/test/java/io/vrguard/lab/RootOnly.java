package io.vrguard.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The lab's ITs build kernel objects, which needs root (CI runs them as root). */
public final class RootOnly {
    private RootOnly() {
    }

    public static void assumeRoot() {
        boolean root;
        try {
            root = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            root = false;
        }
        Assumptions.assumeTrue(root, "the lab ITs need root: they create netns, tun/veth devices and cgroups");
    }
}
