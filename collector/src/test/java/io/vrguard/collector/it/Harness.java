package io.vrguard.collector.it;

import io.vrguard.collector.fs.HostReader;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.MergedDiscovery;
import io.vrguard.testkit.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Shared bits of the collector's integration tests. */
final class Harness {
    static final String PREFIX = "vrgc";

    private Harness() {
    }

    /** The last lines of a helper's log, for a failure message. */
    static String tail(java.nio.file.Path log) {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** The collector's real reader over the real host, with a test inventory. */
    static HostReader reader(Path inventory) {
        HostRoots roots = HostRoots.system();
        return new HostReader(roots, MergedDiscovery.forHost(roots, inventory, "vrgc-none"), Clock.systemUTC(),
                System::nanoTime, 1000);
    }

    static Path inventory(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** One kernel counter of a device inside a namespace, straight from sysfs. */
    static long sysCounter(String ns, String dev, String counter) {
        return Long.parseLong(Shell.run("ip", "netns", "exec", ns, "cat",
                "/sys/class/net/" + dev + "/statistics/" + counter).strip());
    }
}
