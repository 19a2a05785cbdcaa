package io.vrguard.lab;

import io.vrguard.lab.physics.PhysicsCheck;
import io.vrguard.lab.physics.ShareVariant;
import io.vrguard.lab.physics.StepFigures;
import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.scenario.Step;
import io.vrguard.protocol.VrKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code lab calibrate}: one KVM-style relay alone on the VRs' CPU, offered more than it can forward; what it
 * delivers is its capacity at that per-packet work. Scenario guarantees are chosen from this figure.
 */
final class CalibrateCommand {
    private final LabOptions options;

    CalibrateCommand(LabOptions options) {
        this.options = options;
    }

    int run() throws InterruptedException {
        double offered = options.intOption("offered", 120, 1, 2000);
        int seconds = options.intOption("seconds", 10, 3, 600);
        System.out.printf("%-8s %9s %10s %9s %9s %6s%n", "work", "offered", "delivered", "dlvd-p50", "dropped",
                "cpu%");
        for (String w : options.get("work", "3000").split(",")) {
            int work = Integer.parseInt(w.strip());
            Scenario s = new Scenario("calibrate", "one relay alone", work, 0, 64, Duration.ofSeconds(2),
                    List.of(new RouterSpec(1, "cal", VrKind.KVM, 1, RouterSpec.DEFAULT_SHARES)),
                    List.of(new Step("overload", Duration.ofSeconds(seconds), Map.of("cal", offered))));
            try (LabSession session = new LabSession(s, options.settings())) {
                StepFigures f = new PhysicsCheck(session.bed(), System.err).run(s, List.of(ShareVariant.equal()))
                        .get(0);
                System.out.printf("%-8d %9.1f %10.1f %9.1f %9.1f %6.0f%n", work, f.offeredKpps(),
                        f.deliveredKpps(), f.deliveredMedianKpps(), f.dropKpps(), f.cpuPercent());
            }
        }
        return 0;
    }
}
