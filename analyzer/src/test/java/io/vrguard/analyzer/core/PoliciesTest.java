package io.vrguard.analyzer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void narrowerScopesOverrideWiderOnes() {
        Policies p = Policies.of(List.of(
                new PolicyRule("fleet", null, 0.05, 5, Mode.ADVISE, 100L, 10000L, false, null, 0.03),
                new PolicyRule("host:h1", null, null, null, Mode.AUTO, null, null, true, null, null),
                new PolicyRule("vr:*/edge", 500.0, null, null, null, null, null, null, null, null),
                new PolicyRule("vr:h1/edge", 900.0, null, 1, null, null, null, null, List.of(2, 3), null)));

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
                null, 0.02)));
        PolicyRule bad = new PolicyRule("vr:h1", -5.0, 2.0, null, null, 5000L, 100L, null, null, 1.5);

        assertThatThrownBy(() -> p.with(bad)).isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("scope must be")
                .hasMessageContaining("guaranteeKpps must be")
                .hasMessageContaining("maxDropRatio must be")
                .hasMessageContaining("tolerance must be")
                .hasMessageContaining("minShares (5000) must not exceed maxShares (100)");
        assertThat(p.rules()).hasSize(1);
    }
}
