package io.vrguard.analyzer.core;

import static io.vrguard.analyzer.core.PaperFixtures.paperWithSharesRow;
import static io.vrguard.analyzer.core.PaperFixtures.paperWithoutSharesRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsolationRuleTest {
    private final DetectionSettings settings = DetectionSettings.defaults();

    private List<Finding> allRules(HostWindow w) {
        return PaperFixtures.findings(w, settings);
    }

    @ParameterizedTest(name = "without shares, row {0}: VR1 victim, VR2 aggressor")
    @ValueSource(ints = {2, 3, 4})
    void withoutSharesVr1IsStarvedByVr2(int row) {
        List<Finding> findings = allRules(paperWithoutSharesRow(row));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(ViolationType.ISOLATION_VIOLATION);
            assertThat(f.victim()).isEqualTo("vr1");
            assertThat(f.aggressors()).containsExactly("vr2");
            assertThat(f.cpus()).containsExactly(0);
            assertThat(f.path()).isEqualTo(VrKind.KVM);
            assertThat(f.explanation()).contains("vr1 delivered", "vr2 takes", "kvm: user-space");
            assertThat(f.figures()).containsKeys("victim.deliveredKpps", "vr2.deliveredKpps", "cpu0.busyPercent");
            assertThat(f.figures().get("victim.deliveredKpps"))
                    .isEqualTo(PaperFixtures.WITHOUT_SHARES[row - 1][4]);
        });
    }

    @ParameterizedTest(name = "without shares, row 1: nothing")
    @ValueSource(ints = {1})
    void firstRowWithoutSharesIsHealthy(int row) {
        assertThat(allRules(paperWithoutSharesRow(row))).isEmpty();
    }

    @ParameterizedTest(name = "with 2x shares, row {0}: no violation")
    @ValueSource(ints = {1, 2, 3, 4})
    void withTwiceTheSharesNothingIsWrong(int row) {
        assertThat(allRules(paperWithSharesRow(row))).isEmpty();
    }

    @ParameterizedTest(name = "row {0}: the floor is 2% under the guarantee")
    @ValueSource(ints = {2})
    void breachNeedsKOfNIntervals(int row) {
        HostWindow w = HostWindow.empty(PaperFixtures.HOST, settings.windowIntervals());
        w = w.add(PaperFixtures.withoutSharesRow(1, 1)).add(PaperFixtures.withoutSharesRow(1, 2))
                .add(PaperFixtures.withoutSharesRow(row, 3)).add(PaperFixtures.withoutSharesRow(row, 4))
                .add(PaperFixtures.withoutSharesRow(1, 5));
        assertThat(allRules(w)).as("2 of 5 breaching intervals").isEmpty();

        w = w.add(PaperFixtures.withoutSharesRow(row, 6));
        assertThat(allRules(w)).as("3 of 5").extracting(Finding::type)
                .containsExactly(ViolationType.ISOLATION_VIOLATION);
    }
}
