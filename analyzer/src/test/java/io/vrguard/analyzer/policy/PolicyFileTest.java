package io.vrguard.analyzer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.analyzer.core.InvalidPolicyException;
import io.vrguard.analyzer.core.Policies;
import org.junit.jupiter.api.Test;

/** The YAML bootstrap file: the quota floor is read and layered, and a bad one refuses the file with the reason. */
class PolicyFileTest {

    @Test
    void theQuotaFloorIsReadAndLayered() {
        Policies p = PolicyFile.parse("""
                policies:
                  - scope: fleet
                    quotaAllowed: true
                    minQuotaPercent: 15
                  - scope: vr:h1/edge
                    minQuotaPercent: 25.5
                """);

        assertThat(p.resolve("h1", "edge").bounds().minQuotaPercent()).isEqualTo(25.5);
        assertThat(p.resolve("h1", "core").bounds().minQuotaPercent()).isEqualTo(15.0);
    }

    @Test
    void aFloorOutsideOneCpuRefusesTheFileSayingWhy() {
        assertThatThrownBy(() -> PolicyFile.parse("""
                policies:
                  - scope: host:h1
                    minQuotaPercent: 120
                """)).isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("minQuotaPercent must be more than 0 and at most 100 (per cent of one CPU),"
                        + " got 120.0");
    }
}
