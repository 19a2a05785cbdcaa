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
}
