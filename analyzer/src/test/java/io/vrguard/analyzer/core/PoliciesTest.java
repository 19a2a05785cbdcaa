package io.vrguard.analyzer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void narrowerScopesOverrideWiderOnes() {
        Policies p = Policies.of(List.of(
                new PolicyRule("fleet", null, 0.05, 5, Mode.ADVISE, 100L, 10000L, false, null, 0.03, null),
                new PolicyRule("host:h1", null, null, null, Mode.AUTO, null, null, true, null, null, null),
                new PolicyRule("vr:*/edge", 500.0, null, null, null, null, null, null, null, null, null),
                new PolicyRule("vr:h1/edge", 900.0, null, 1, null, null, null, null, List.of(2, 3), null, null)));

        SlaPolicy onH1 = p.resolve("h1", "edge");
        assertThat(onH1.guaranteeKpps()).isEqualTo(900);
        assertThat(onH1.mode()).isEqualTo(Mode.AUTO);
        assertThat(onH1.priority()).isEqualTo(1);
        assertThat(onH1.bounds().quotaAllowed()).isTrue();
        assertThat(onH1.bounds().allowedCpus()).containsExactly(2, 3);
        assertThat(onH1.tolerance()).isEqualTo(0.03);

        SlaPolicy onH2 = p.resolve("h2", "edge");
        assertThat(onH2.guaranteeKpps()).isEqualTo(500);
        assertThat(onH2.mode()).isEqualTo(Mode.ADVISE);
        assertThat(onH2.bounds().minShares()).isEqualTo(100);

        assertThat(p.resolve("h2", "other").guaranteeKpps()).as("no guarantee: watched, not judged").isZero();
    }

    @Test
    void aBadRuleIsRefusedWithEveryReasonAndChangesNothing() {
        Policies p = Policies.of(List.of(new PolicyRule("fleet", null, null, null, Mode.OFF, null, null, null,
                null, 0.02, null)));
        PolicyRule bad = new PolicyRule("vr:h1", -5.0, 2.0, null, null, 5000L, 100L, null, null, 1.5, null);

        assertThatThrownBy(() -> p.with(bad)).isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("scope must be")
                .hasMessageContaining("guaranteeKpps must be")
                .hasMessageContaining("maxDropRatio must be")
                .hasMessageContaining("tolerance must be")
                .hasMessageContaining("minShares (5000) must not exceed maxShares (100)");
        assertThat(p.rules()).hasSize(1);
    }

    @Test
    void theQuotaFloorIsLayeredLikeTheOtherBoundsAndDefaultsToTenPercent() {
        Policies p = Policies.of(List.of(
                new PolicyRule("fleet", null, null, null, null, null, null, true, null, null, 20.0),
                new PolicyRule("vr:*/edge", null, null, null, null, null, null, null, null, null, 25.0),
                new PolicyRule("host:h1", null, null, null, null, null, null, null, null, null, 30.0),
                new PolicyRule("vr:h1/edge", null, null, null, null, null, null, null, null, null, 40.0)));

        assertThat(p.resolve("h1", "edge").bounds().minQuotaPercent()).as("vr:h1/edge").isEqualTo(40.0);
        assertThat(p.resolve("h1", "core").bounds().minQuotaPercent()).as("host:h1").isEqualTo(30.0);
        assertThat(p.resolve("h2", "edge").bounds().minQuotaPercent()).as("vr:*/edge").isEqualTo(25.0);
        assertThat(p.resolve("h2", "core").bounds().minQuotaPercent()).as("fleet").isEqualTo(20.0);
        assertThat(Policies.empty().resolve("h2", "core").bounds().minQuotaPercent())
                .as("built in: the enforcer's default min-quota-percent").isEqualTo(10.0);
    }

    @Test
    void theQuotaFloorIsAShareOfOneCpuAboveZeroAndAtMostAll() {
        for (double bad : new double[] {0, -1, 100.5, Double.NaN}) {
            assertThat(new PolicyRule("fleet", null, null, null, null, null, null, null, null, null, bad).problems())
                    .as("minQuotaPercent " + bad).containsExactly(
                            "minQuotaPercent must be more than 0 and at most 100 (per cent of one CPU), got " + bad);
        }
        for (double good : new double[] {0.5, 10, 100}) {
            assertThat(new PolicyRule("fleet", null, null, null, null, null, null, null, null, null, good).problems())
                    .as("minQuotaPercent " + good).isEmpty();
        }
    }
}
