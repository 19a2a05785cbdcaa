package io.vrguard.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.protocol.VrKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    private final ScenarioLoader loader = new ScenarioLoader();

    @ParameterizedTest
    @ValueSource(strings = {"scenario-1.yaml", "scenario-2.yaml", "scenario-2-short.yaml"})
    void shippedScenariosLoad(String file) {
        Scenario s = loader.load(Path.of("scenarios", file));

        assertThat(s.routers()).extracting(RouterSpec::name).containsExactly("vr1", "vr2");
        assertThat(s.routers()).allSatisfy(r -> assertThat(r.kind()).isEqualTo(VrKind.KVM));
        assertThat(s.relayWork()).isPositive();
        assertThat(s.relayCapacityKpps()).as("calibrated to the machine at hand").isEqualTo(45);
        assertThat(s.calibrates()).isTrue();
        assertThat(s.steps()).isNotEmpty();
    }

    @Test
    void lxcScenarioPutsAnLxcStyleNeighbourBesideAKvmStyleVictim() {
        Scenario s = loader.load(Path.of("scenarios", "scenario-lxc.yaml"));

        assertThat(s.routers()).extracting(RouterSpec::kind).containsExactly(VrKind.KVM, VrKind.LXC);
        assertThat(s.steps().get(s.steps().size() - 1).offered("vr2")).isGreaterThan(s.steps().get(0).offered("vr2"));
    }

    @Test
    void shortScenarioFitsATestAndOverloadsVr2() {
        Scenario s = loader.load(Path.of("scenarios", "scenario-2-short.yaml"));

        assertThat(s.totalDuration()).isLessThan(Duration.ofSeconds(60));
        Step last = s.steps().get(s.steps().size() - 1);
        assertThat(last.offered("vr2")).isGreaterThan(2 * s.router("vr2").orElseThrow().guaranteeKpps());
        assertThat(s.steps()).allSatisfy(step -> assertThat(step.offered("vr1")).isEqualTo(29.0));
    }

    @Test
    void readsDefaultsAndOptionalFields() {
        Scenario s = loader.parse("""
                name: t
                routers: [{name: a, kind: lxc, guaranteeKpps: 5, cpuShares: 2048}, {name: b, guaranteeKpps: 1}]
                steps: [{seconds: 3, offeredKpps: {a: 1.5}}]
                """, "inline");

        assertThat(s.routers()).containsExactly(new RouterSpec(1, "a", VrKind.LXC, 5, 2048),
                new RouterSpec(2, "b", VrKind.KVM, 1, 1024));
        assertThat(s.settle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.packetBytes()).isEqualTo(64);
        assertThat(s.steps().get(0).name()).isEqualTo("step1");
        assertThat(s.steps().get(0).offered("a")).isEqualTo(1.5);
        assertThat(s.steps().get(0).offered("b")).isZero();
    }

    @Test
    void reportsEveryProblemWithItsField() {
        assertThatThrownBy(() -> loader.parse("""
                routers:
                  - {name: VR-1, kind: xen, guaranteeKpps: -3}
                  - {name: ok, guaranteeKpps: 10, cpuShares: 1}
                  - {name: ok, guaranteeKpps: 10}
                relay: {workRounds: lots}
                steps:
                  - {seconds: 0.5, offeredKpps: {ok: 5, ghost: 1}}
                  - {name: s2, seconds: 10, offeredKpps: {ok: fast}}
                  - {name: s3}
                """, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("scenario bad.yaml is invalid")
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).contains(
                        "name is missing",
                        "relay.workRounds must be a number in [0, 10000000], got 'lots'",
                        "routers[0].name 'VR-1' must match [a-z][a-z0-9]{0,9}",
                        "routers[0].kind: unknown VR kind 'xen' (expected kvm or lxc)",
                        "routers[0].guaranteeKpps must be a number in [0.001, 10000], got '-3'",
                        "routers[1].cpuShares must be a number in [2, 262144], got '1'",
                        "routers[2].name 'ok' is used twice",
                        "steps[0].seconds must be a number in [1, 3600], got '0.5'",
                        "steps[0].offeredKpps names unknown router 'ghost'",
                        "steps[1].offeredKpps.ok must be a number in [0, 10000]",
                        "steps[2].seconds is missing",
                        "steps[2].offeredKpps must map router names to kpps"));
    }

    @Test
    void unparsableYamlAndMissingFileAreClearErrors() {
        assertThatThrownBy(() -> loader.parse("routers: [ {name: a", "broken.yaml"))
                .hasMessageContaining("broken.yaml").hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> loader.parse("- just a list", "list.yaml"))
                .hasMessageContaining("must be a YAML mapping");
        assertThatThrownBy(() -> loader.load(Path.of("no/such/scenario.yaml")))
                .hasMessageContaining("cannot be read");
    }
}
