package io.vrguard.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdviceTest {
    private static final String PLANS = """
            [{"command": {"schema": 1, "id": "c-1", "host": "vrgl-lab", "issuedAt": "2026-11-22T01:00:00Z",
                          "type": "apply", "violationId": "v-1",
                          "changes": [{"router": "vr1", "setting": "cpu_shares", "value": "2230"},
                                      {"router": "vr2", "setting": "rps_cpus", "target": "vrgl2in", "value": "0"}]},
              "mode": "advise", "step": "shares", "victim": "vr1"},
             {"command": {"host": "elsewhere", "changes": [{"router": "x", "setting": "cpu_shares", "value": "1"}]},
              "mode": "advise", "step": "shares"}]
            """;

    @Test
    void oneEntryPerSettingOfThisHostsPlans() {
        var advice = Advice.fromPlans(PLANS, "vrgl-lab");

        assertThat(advice).hasSize(2);
        assertThat(advice.get(0)).isEqualTo(new Advice(Instant.parse("2026-11-22T01:00:00Z"), "shares", "vr1",
                "cpu_shares -> 2230", "advise", "v-1"));
        assertThat(advice.get(1).change()).isEqualTo("rps_cpus vrgl2in -> 0");
    }

    @Test
    void unreadableAnswersGiveNoAdvice() {
        assertThat(Advice.fromPlans("not json", "h")).isEmpty();
        assertThat(Advice.fromPlans("{}", "h")).isEmpty();
    }
}
