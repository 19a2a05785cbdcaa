package io.vrguard.lab.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.InventoryFile;
import io.vrguard.lab.RootOnly;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.scenario.ScenarioLoader;
import io.vrguard.lab.testbed.Testbed;
import io.vrguard.lab.testbed.TestbedSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario II (short) on real kernel objects, without vrguard: equal cpu.shares let the overloaded VR2 drag VR1
 * below its guarantee; VR1 at twice VR2's shares holds it while VR2 keeps the rest (shares are work-conserving).
 */
class LabPhysicsIT {
    private static final Path WORK = Path.of("target/vrgl-lab-it");

    @BeforeAll
    static void root() {
        RootOnly.assumeRoot();
    }

    @Test
    void reproducesTheStarvationAndItsRemedyAndLeavesNothingBehind() throws Exception {
        TestbedSettings settings = TestbedSettings.defaults(WORK);
        // as 'lab physics' does: the relays' work calibrated to the scenario's capacity on this machine
        Scenario scenario = new RelayCalibration(settings, System.out)
                .apply(new ScenarioLoader().load(Path.of("scenarios/scenario-2-short.yaml")));
        List<StepFigures> rows;
        try (Testbed bed = Testbed.build(scenario, settings)) {
            assertDiscoverable(bed);
            rows = new PhysicsCheck(bed, System.out).run(scenario,
                    List.of(ShareVariant.equal(), ShareVariant.favour("vr1", 2)));
        }
        System.out.print(PhysicsTable.render(rows));
        String overload = scenario.steps().get(scenario.steps().size() - 1).name();

        StepFigures equalVr1 = row(rows, "equal-shares", overload, "vr1");
        assertThat(equalVr1.deliveredShareOfEntitlement()).as("VR1 with equal shares").isLessThan(0.90);
        assertThat(equalVr1.dropKpps()).as("VR1's tap drops what its relay cannot take").isGreaterThan(1);

        StepFigures favouredVr1 = row(rows, "vr1-x2", overload, "vr1");
        assertThat(favouredVr1.cpuShares()).isEqualTo(2048);
        assertThat(favouredVr1.deliveredShareOfEntitlement()).as("VR1 at twice VR2's shares").isGreaterThan(0.95);
        StepFigures favouredVr2 = row(rows, "vr1-x2", overload, "vr2");
        assertThat(favouredVr2.deliveredMedianKpps()).as("VR2 keeps the CPU VR1 leaves").isGreaterThan(5);

        assertThat(settings.sweep().leftovers()).as("after close").isEmpty();
    }

    /** The collector's discovery finds the lab's VRs through the inventory, with the relay in its vcpu0 cgroup. */
    private static void assertDiscoverable(Testbed bed) throws Exception {
        var found = new InventoryFile(bed.inventoryFile(), HostRoots.system()).discover();
        assertThat(found.problems()).isEmpty();
        assertThat(found.routers()).extracting(DiscoveredVr::name).containsExactly("vr1", "vr2");
        for (DiscoveredVr vr : found.routers()) {
            Path cpu = vr.cgroup().v1("cpu").orElseThrow();
            long relay = bed.router(vr.name()).relay().pid();
            assertThat(Files.readString(cpu.resolve("libvirt/vcpu0/cgroup.procs"))).contains(String.valueOf(relay));
            assertThat(Files.readString(vr.cgroup().v1("cpuset").orElseThrow().resolve("cpuset.cpus")).strip())
                    .isEqualTo("1");
            assertThat(Files.readString(bed.runRoot().resolve("libvirt/qemu/" + vr.name() + ".xml")))
                    .contains("pid='" + relay + "'");
        }
    }

    private static StepFigures row(List<StepFigures> rows, String variant, String step, String router) {
        return rows.stream().filter(r -> r.variant().equals(variant) && r.step().equals(step)
                && r.router().equals(router)).findFirst().orElseThrow();
    }
}
