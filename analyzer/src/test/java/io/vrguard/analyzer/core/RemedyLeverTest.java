package io.vrguard.analyzer.core;

import static io.vrguard.analyzer.core.PaperFixtures.cpu;
import static io.vrguard.analyzer.core.PaperFixtures.host;
import static io.vrguard.analyzer.core.PaperFixtures.vr;
import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.VrKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lever follows where the contention comes from, and share plans move in steps the enforcer allows. */
class RemedyLeverTest {
    private final DetectionSettings settings = DetectionSettings.defaults();

    /** A KVM router starved on CPU 0 by an LXC router's SoftIRQ work there; CPU 1 has room. */
    static HostWindow kvmVictimLxcAggressor() {
        HostSample s = host("mix-1", 1, List.of(cpu(0, 100, 50), cpu(1, 10, 1)),
                List.of(vr("vr1", VrKind.KVM, 800, 600, 50, List.of(0)),
                        vr("vr2", VrKind.LXC, 700, 650, 47, List.of(0))));
        return PaperFixtures.steady(s, 5);
    }

    static Policies policies() {
        return Policies.of(List.of(
                new PolicyRule("fleet", null, null, null, Mode.AUTO, 2L, 262144L, false, null, 0.02, null),
                new PolicyRule("vr:mix-1/vr1", 800.0, null, 1, null, null, null, null, null, null, null),
                new PolicyRule("vr:mix-1/vr2", 400.0, null, 2, null, null, null, null, null, null, null)));
    }

    @Test
    void anLxcAggressorOfAKvmVictimIsSteeredNotOutweighedWithShares() {
        HostWindow w = kvmVictimLxcAggressor();
        Finding f = new IsolationRule(settings).evaluate(w, policies()).get(0);
        assertThat(f.path()).isEqualTo(VrKind.KVM);
        assertThat(f.aggressors()).containsExactly("vr2");

        RemedyPlanner.Remedy r = new RemedyPlanner(settings).first(f, "v-0123456789", w, policies(), Mode.AUTO,
                PaperFixtures.T0).orElseThrow();

        assertThat(r.step()).isEqualTo("steer");
        assertThat(r.command().command().changes()).extracting(SettingChange::router).containsOnly("vr2");
        assertThat(r.command().command().changes()).extracting(SettingChange::setting)
                .containsExactly(Setting.RPS_CPUS, Setting.IRQ_AFFINITY);
        assertThat(r.command().command().changes()).extracting(SettingChange::value).containsOnly("1");
        assertThat(r.command().command().reason()).contains("lxc aggressor [vr2]", "not governed by shares");
    }

    @Test
    void kvmAggressorsStillGetShares() {
        HostWindow w = PaperFixtures.paperWithoutSharesRow(4);
        Policies p = PaperFixtures.policies();
        Finding f = new IsolationRule(settings).evaluate(w, p).get(0);

        RemedyPlanner.Remedy r = new RemedyPlanner(settings).first(f, "v-0123456789", w, p, Mode.AUTO,
                PaperFixtures.T0).orElseThrow();

        assertThat(r.step()).isEqualTo("shares");
        assertThat(r.command().command().changes()).extracting(SettingChange::setting)
                .containsOnly(Setting.CPU_SHARES);
    }

    @Test
    void sharesMoveAtMostTheEnforcersStepFactorAndTheNextStepFollows() {
        DetectionSettings narrow = new DetectionSettings(3, 5, 2, 3, 95, 3, Duration.ofSeconds(30),
                Duration.ofSeconds(30), 1024, 60, 1.5);
        HostWindow w = PaperFixtures.paperWithoutSharesRow(4); // both at 1024 now; vr1 needs about 1900
        Policies p = PaperFixtures.policies(Mode.AUTO, true);
        Finding f = new IsolationRule(narrow).evaluate(w, p).get(0);
        RemedyPlanner planner = new RemedyPlanner(narrow);

        SharePlanner.SharePlan plan = new SharePlanner(narrow).shares(f, w, p).orElseThrow();
        assertThat(plan.shares().get("vr1")).isEqualTo(1536); // 1024 x 1.5: the enforcer accepts it
        assertThat(plan.target().get("vr1")).isGreaterThan(1536);

        RemedyPlanner.Remedy first = planner.first(f, "v-0123456789", w, p, Mode.AUTO, PaperFixtures.T0)
                .orElseThrow();
        assertThat(first.command().command().reason()).contains("towards", "steps of at most x1.5");
        RemedyPlanner.Remedy next = planner.escalate(first, f, w, p, PaperFixtures.T0.plusSeconds(3))
                .orElseThrow();
        assertThat(next.step()).as("another shares step before any quota").isEqualTo("shares-step");
    }

    @Test
    void theStepIsBoundedBothWaysAndUnknownCurrentValuesAreNotLimited() {
        assertThat(SharePlanner.step(1024, 10216, 2.0)).isEqualTo(2048);
        assertThat(SharePlanner.step(1024, 100, 2.0)).isEqualTo(512);
        assertThat(SharePlanner.step(1024, 1900, 2.0)).isEqualTo(1900);
        assertThat(SharePlanner.step(0, 10216, 2.0)).isEqualTo(10216);
    }
}
