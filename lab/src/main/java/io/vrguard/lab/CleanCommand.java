package io.vrguard.lab;

import io.vrguard.lab.testbed.LabLock;
import io.vrguard.lab.testbed.LabSweep;

/** {@code lab clean}: removes every prefixed leftover and says what it removed and what (if anything) remains. */
final class CleanCommand {
    private final LabOptions options;

    CleanCommand(LabOptions options) {
        this.options = options;
    }

    int run() {
        LabSweep sweep = options.settings().sweep();
        LabSweep.Report report;
        try (LabLock lock = LabLock.acquire(options.settings().lockFile())) {
            report = sweep.sweep();
        }
        removeRunScratch(options.settings().workDir().resolve("run/tmp"));
        report.removed().forEach(r -> System.out.println("removed " + r));
        report.failures().forEach(f -> System.err.println("could not remove " + f));
        var left = sweep.leftovers();
        if (left.isEmpty()) {
            System.out.println("lab clean: nothing with the vrgl prefix is left");
            return 0;
        }
        System.err.println("lab clean: still present: " + left);
        return 1;
    }

    /** A killed 'lab run' leaves its broker's and influxd's data there (java.io.tmpdir of the run). */
    private static void removeRunScratch(java.nio.file.Path dir) {
        if (java.nio.file.Files.notExists(dir)) {
            return;
        }
        try (var s = java.nio.file.Files.walk(dir)) {
            for (var p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
            System.out.println("removed directory " + dir);
        } catch (java.io.IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
