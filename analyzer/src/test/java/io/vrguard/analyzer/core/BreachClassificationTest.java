package io.vrguard.analyzer.core;

import static io.vrguard.analyzer.core.PaperFixtures.cpu;
import static io.vrguard.analyzer.core.PaperFixtures.host;
import static io.vrguard.analyzer.core.PaperFixtures.vr;
import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreachClassificationTest {
    private final DetectionSettings settings = DetectionSettings.defaults();

    static HostWindow overcommitted() {
        // both below their guarantees on a saturated core: 800 + 400 do not fit
        HostSample s = host(PaperFixtures.HOST, 1, List.of(cpu(0, 100, 4)),
                List.of(vr("vr1", VrKind.KVM, 800, 700, 64, List.of(0)),
                        vr("vr2", VrKind.KVM, 400, 360, 33, List.of(0))));
        return PaperFixtures.steady(s, 5);
    }

    static HostWindow breachWithHeadroom() {
        HostSample s = host(PaperFixtures.HOST, 1, List.of(cpu(0, 50, 4), cpu(1, 10, 0)),
                List.of(vr("vr1", VrKind.KVM, 800, 600, 30, List.of(0)),
                        vr("vr2", VrKind.KVM, 400, 400, 15, List.of(0))));
        return PaperFixtures.steady(s, 5);
    }

    private List<Finding> allRules(HostWindow w) {
        return PaperFixtures.findings(w, settings);
    }

    @Test
    void saturatedCpusWithNoNeighbourOverItsGuaranteeIsOvercommit() {
        List<Finding> findings = allRules(overcommitted());

        assertThat(findings).extracting(Finding::victim).containsExactlyInAnyOrder("vr1", "vr2");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.type()).isEqualTo(ViolationType.OVERCOMMIT);
            assertThat(f.aggressors()).isEmpty();
            assertThat(f.explanation()).contains("do not fit", "capacity, not isolation");
        });
    }

    @Test
    void breachWithHeadroomIsCauseUnknownNotANeighboursFault() {
        assertThat(allRules(breachWithHeadroom())).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(ViolationType.SLA_BREACH);
            assertThat(f.aggressors()).isEmpty();
            assertThat(f.explanation()).contains("cause unknown");
        });
    }

    @Test
    void softnetSqueezeCountsAsSaturationEvenBelowFullBusy() {
        HostSample s = host(PaperFixtures.HOST, 1,
                List.of(new io.vrguard.protocol.CpuSample(0, 0, 0, 0, 0, 120, 80, 60, 0)),
                List.of(vr("vr1", VrKind.KVM, 800, 700, 40, List.of(0)),
                        vr("vr2", VrKind.KVM, 600, 560, 35, List.of(0))));
        assertThat(allRules(PaperFixtures.steady(s, 5))).extracting(Finding::type, Finding::aggressors)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ViolationType.ISOLATION_VIOLATION,
                        List.of("vr2")));
    }

    @Test
    void incompleteWindowIsNotJudged() {
        HostWindow w = HostWindow.empty(PaperFixtures.HOST, 5).add(PaperFixtures.withoutSharesRow(4, 1));
        assertThat(new IsolationRule(settings).intervalsNeeded()).isGreaterThan(w.size());
    }
}
