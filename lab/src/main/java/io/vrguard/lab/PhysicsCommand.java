package io.vrguard.lab;

import io.vrguard.lab.physics.PhysicsCheck;
import io.vrguard.lab.physics.PhysicsTable;
import io.vrguard.lab.physics.ShareVariant;
import io.vrguard.lab.physics.StepFigures;
import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.lab.scenario.Scenario;
import java.util.List;

/** {@code lab physics SCENARIO}: equal shares, then the favoured VR at N times, measured without vrguard. */
final class PhysicsCommand {
    private final LabOptions options;

    PhysicsCommand(LabOptions options) {
        this.options = options;
    }

    int run() throws InterruptedException {
        Scenario scenario = options.calibratedScenario(System.out);
        String favour = options.get("favour", steadyRouter(scenario));
        if (scenario.router(favour).isEmpty()) {
            throw new IllegalArgumentException("--favour names no router of " + scenario.name() + ": " + favour);
        }
        int ratio = options.intOption("ratio", 2, 1, 64);
        System.out.printf("lab physics: %s (%d VRs, %d steps, relay work %d), equal shares then %s at %dx%n",
                scenario.name(), scenario.routers().size(), scenario.steps().size(), scenario.relayWork(), favour,
                ratio);
        try (LabSession session = new LabSession(scenario, options.settings())) {
            System.out.println("testbed up; inventory: " + session.bed().inventoryFile());
            List<StepFigures> rows = new PhysicsCheck(session.bed(), System.out)
                    .run(scenario, List.of(ShareVariant.equal(), ShareVariant.favour(favour, ratio)));
            System.out.println();
            System.out.print(PhysicsTable.render(rows));
        }
        return 0;
    }

    /** The VR never offered more than its guarantee (the would-be victim); else the first VR. */
    static String steadyRouter(Scenario scenario) {
        return scenario.routers().stream()
                .filter(r -> scenario.steps().stream().allMatch(s -> s.offered(r.name()) <= r.guaranteeKpps()))
                .map(RouterSpec::name).findFirst().orElse(scenario.routers().get(0).name());
    }
}
