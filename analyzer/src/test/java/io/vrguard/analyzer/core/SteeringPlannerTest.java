package io.vrguard.analyzer.core;

import static io.vrguard.analyzer.core.PaperFixtures.cpu;
import static io.vrguard.analyzer.core.PaperFixtures.host;
import static io.vrguard.analyzer.core.PaperFixtures.vr;
import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.VrKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteeringPlannerTest {
    private final DetectionSettings settings = DetectionSettings.defaults();

    /** Two LXC routers whose SoftIRQ work lands on CPU 0; CPUs 1 and 2 have room. */
    static HostWindow lxcStarved() {
        HostSample s = host("lxc-host-1", 1, List.of(cpu(0, 100, 97), cpu(1, 40, 2), cpu(2, 12, 1)),
                List.of(vr("vr1", VrKind.LXC, 800, 600, 50, List.of(0)),
                        vr("vr2", VrKind.LXC, 700, 650, 47, List.of(0))));
        return PaperFixtures.steady(s, 5);
    }

    static Policies lxcPolicies(List<Integer> vr2Cpus) {
        return Policies.of(List.of(
                new PolicyRule("fleet", null, null, null, Mode.AUTO, null, null, null, null, 0.02, null),
                new PolicyRule("vr:lxc-host-1/vr1", 800.0, null, 1, null, null, null, null, null, null, null),
                new PolicyRule("vr:lxc-host-1/vr2", 400.0, null, 2, null, null, null, null, vr2Cpus, null, null)));
    }

    @Test
    void lxcStarvationIsAttributedOnTheSharedKernelPath() {
        Finding f = new IsolationRule(settings).evaluate(lxcStarved(), lxcPolicies(List.of())).get(0);
        assertThat(f.path()).isEqualTo(VrKind.LXC);
        assertThat(f.aggressors()).containsExactly("vr2");
        assertThat(f.explanation()).contains("lxc: shared-kernel SoftIRQ");
    }

    @Test
    void steersTheAggressorToTheLeastLoadedAllowedCpu() {
        Policies p = lxcPolicies(List.of());
        Finding f = new IsolationRule(settings).evaluate(lxcStarved(), p).get(0);

        SteeringPlanner.SteeringPlan plan = new SteeringPlanner().plan(f, lxcStarved(), p).orElseThrow();

        assertThat(plan.moved()).isEqualTo("vr2");
        assertThat(plan.toCpu()).isEqualTo(2);
        assertThat(plan.changes()).extracting(SettingChange::setting)
                .containsExactly(Setting.RPS_CPUS, Setting.IRQ_AFFINITY);
        assertThat(plan.changes()).extracting(SettingChange::value).containsOnly("2");
        assertThat(plan.changes()).as("the enforcer refuses a mask without policy bounds")
                .allSatisfy(c -> assertThat(c.bounds()).isNotNull());
        assertThat(plan.predictedDeliveredKpps().get("vr1")).isGreaterThan(600);
    }

    @Test
    void staysWithinTheAllowedCpusOrMovesTheVictimInstead() {
        Policies onlyCpu1 = lxcPolicies(List.of(1));
        Finding f = new IsolationRule(settings).evaluate(lxcStarved(), onlyCpu1).get(0);
        assertThat(new SteeringPlanner().plan(f, lxcStarved(), onlyCpu1).orElseThrow().toCpu()).isEqualTo(1);

        Policies pinned = lxcPolicies(List.of(0));
        SteeringPlanner.SteeringPlan plan = new SteeringPlanner().plan(f, lxcStarved(), pinned).orElseThrow();
        assertThat(plan.moved()).isEqualTo("vr1");
    }
}
