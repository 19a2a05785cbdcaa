package io.vrguard.lab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.lab.RootOnly;
import io.vrguard.lab.core.LabNames;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An LXC-style VR forwards in the kernel, and RPS on its ingress veth puts that work on the VRs' CPU. */
class LxcRouterIT {
    private static final Path WORK = Path.of("target/vrgl-lab-it");

    @BeforeAll
    static void root() {
        RootOnly.assumeRoot();
    }

    @Test
    void forwardsInSoftirqOnTheRouterCpu() throws Exception {
        Scenario scenario = new ScenarioLoader().parse("""
                name: lxc
                routers: [{name: vr1, kind: lxc, guaranteeKpps: 20}]
                steps: [{seconds: 4, offeredKpps: {vr1: 20}}]
                """, "inline");
        TestbedSettings settings = TestbedSettings.defaults(WORK);
        try (Testbed bed = Testbed.build(scenario, settings)) {
            LabNames n = bed.router("vr1").names();
            String rps = Sh.run("ip", "netns", "exec", n.routerNetns(), "cat",
                    "/sys/class/net/" + n.ingress() + "/queues/rx-0/rps_cpus").strip();
            assertThat(rps).isEqualTo(settings.cpus().routerMask());

            long before = processedOn(settings.cpus().routerCpu());
            long from = System.nanoTime();
            bed.offer("vr1", 20);
            Thread.sleep(4000);
            long to = System.nanoTime();
            long processed = processedOn(settings.cpus().routerCpu()) - before;

            double delivered = bed.delivered("vr1").rate(from + 1_000_000_000L, to).meanKilo();
            assertThat(delivered).as("kernel forwarding keeps up with 20 kpps").isGreaterThan(18);
            // each forwarded packet is processed from the router CPU's backlog at least once (ingress via RPS)
            assertThat(processed).as("softnet processed on the router CPU").isGreaterThan((long) (20_000 * 2.5));
        }
        assertThat(settings.sweep().leftovers()).isEmpty();
    }

    /** Column 1 ("processed", hex, wraps at 2^32) of the CPU's /proc/net/softnet_stat line. */
    private static long processedOn(int cpu) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/softnet_stat"));
        return Long.parseLong(lines.get(cpu).trim().split("\\s+")[0], 16);
    }
}
