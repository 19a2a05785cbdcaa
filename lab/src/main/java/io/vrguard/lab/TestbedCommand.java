package io.vrguard.lab;

import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.testbed.Testbed;

/** {@code lab testbed SCENARIO}: builds the testbed, offers the first step's loads, and waits for Ctrl-C. */
final class TestbedCommand {
    private final LabOptions options;

    TestbedCommand(LabOptions options) {
        this.options = options;
    }

    int run() throws InterruptedException {
        Scenario scenario = options.calibratedScenario(System.out);
        LabSession session = new LabSession(scenario, options.settings());
        Testbed bed = session.bed();
        scenario.routers().forEach(r -> bed.offer(r.name(), scenario.steps().get(0).offered(r.name())));
        System.out.println("testbed up (first step's loads offered); inventory: " + bed.inventoryFile()
                + ", libvirt-like run root: " + bed.runRoot() + "; Ctrl-C removes it");
        while (true) {
            Thread.sleep(1000);
            StringBuilder line = new StringBuilder();
            for (Testbed.Router r : bed.routers()) {
                var last = bed.delivered(r.spec().name()).rate(System.nanoTime() - 1_100_000_000L,
                        System.nanoTime());
                line.append(String.format("%s %.1f kpps  ", r.spec().name(), last.meanKilo()));
            }
            System.out.println(line.toString().strip());
        }
    }
}
