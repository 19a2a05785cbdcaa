package io.vrguard.analyzer.core;

import static io.vrguard.analyzer.core.PaperFixtures.cpu;
import static io.vrguard.analyzer.core.PaperFixtures.host;
import static io.vrguard.analyzer.core.PaperFixtures.vr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketCostTest {

    private static HostSample interval(long seq, double kpps, double cpuPercent) {
        return host("h1", seq, List.of(cpu(0, cpuPercent + 5, 2)),
                List.of(vr("vr1", VrKind.KVM, kpps, kpps, cpuPercent, List.of(0))));
    }

    @Test
    void theCostComesFromTheLoadedIntervalsNotTheLightOnes() {
        List<HostSample> samples = new ArrayList<>();
        samples.add(interval(1, 300, 12)); // a load dip: 0.04 %/kpps
        samples.add(interval(2, 300, 12));
        samples.add(interval(3, 800, 64)); // loaded: 0.08 %/kpps, what a remedy must plan for
        samples.add(interval(4, 800, 64));
        samples.add(interval(5, 790, 63.2));
        HostWindow w = HostWindow.of(5, samples);

        // over the whole window it would be (24 + 191.2) / (600 + 2390) = 0.072
        assertThat(PacketCost.percentPerKpps(w, "vr1").orElseThrow()).isCloseTo(0.08, within(1e-9));
    }

    @Test
    void aSteadyWindowKeepsItsCostAndAnIdleOneHasNone() {
        List<HostSample> steady = new ArrayList<>();
        List<HostSample> idle = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            steady.add(interval(seq, 500, 30));
            idle.add(host("h1", seq, List.of(cpu(0, 1, 0)), List.of(vr("vr1", VrKind.KVM, 0, 0, 0, List.of(0)))));
        }
        assertThat(PacketCost.percentPerKpps(HostWindow.of(5, steady), "vr1").orElseThrow())
                .isCloseTo(0.06, within(1e-9));
        assertThat(PacketCost.percentPerKpps(HostWindow.of(5, idle), "vr1")).isEmpty();
    }
}
