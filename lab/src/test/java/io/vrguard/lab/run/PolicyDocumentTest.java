package io.vrguard.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.lab.report.IntervalRow;
import io.vrguard.lab.report.Received;
import io.vrguard.lab.scenario.ScenarioLoader;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class PolicyDocumentTest {
    private final io.vrguard.lab.scenario.Scenario scenario = new ScenarioLoader().load(Path.of("scenarios/scenario-2-short.yaml"));

    @Test
    void guaranteesComeFromTheScenarioAndTheModeFromTheRun() {
        JsonNode doc = YAMLMapper.builder().build().readTree(PolicyDocument.yaml(scenario, "vrgl-lab",
                RunMode.ENFORCED));
        JsonNode policies = doc.get("policies");

        assertThat(policies.get(0).get("scope").asString()).isEqualTo("fleet");
        assertThat(policies.get(0).get("mode").asString()).isEqualTo("auto");
        assertThat(policies.get(0).get("tolerance").asDouble()).isEqualTo(0.05);
        assertThat(policies.get(1).get("scope").asString()).isEqualTo("vr:vrgl-lab/vr1");
        assertThat(policies.get(1).get("guaranteeKpps").asDouble()).isEqualTo(29.0);
        assertThat(policies.get(2).get("scope").asString()).isEqualTo("vr:vrgl-lab/vr2");
        assertThat(PolicyDocument.yaml(scenario, "h", RunMode.BASELINE)).contains("mode: advise");
    }

    @Test
    void modesMapToThePolicyAndEnforcerModes() {
        assertThat(RunMode.parse("baseline").enforcerMode()).isEqualTo("observe");
        assertThat(RunMode.parse("enforced").enforcerMode()).isEqualTo("enforce");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunMode.parse("auto"))
                .hasMessageContaining("baseline or enforced");
    }

    @Test
    void stateNamesVictimAndAggressorOfAnOpenViolationElseWhatTheLabMeasures() {
        Instant t = Instant.parse("2026-11-22T01:00:00Z");
        var opened = new Received<>(new ViolationEvent(1, "v-1", "opened", ViolationType.ISOLATION_VIOLATION, "h",
                "vr1", List.of("vr2"), List.of(1), VrKind.KVM, "x", t, t, null), t);
        var resolved = new Received<>(new ViolationEvent(1, "v-1", "resolved", ViolationType.ISOLATION_VIOLATION,
                "h", "vr1", List.of("vr2"), List.of(1), VrKind.KVM, "x", t, t, null), t);
        IntervalRow vr1 = new IntervalRow(t, 1, "s", "vr1", "kvm", 29, 29, 20, 9, 50, 1024, "");
        IntervalRow vr2 = new IntervalRow(t, 1, "s", "vr2", "kvm", 12, 40, 20, 20, 50, 1024, "");

        assertThat(VrStates.of(vr1, List.of(opened), 0.05)).isEqualTo("VICTIM isolation_violation");
        assertThat(VrStates.of(vr2, List.of(opened), 0.05)).isEqualTo("aggressor (of vr1)");
        assertThat(VrStates.of(vr1, List.of(opened, resolved), 0.05)).isEqualTo("below guarantee");
        assertThat(VrStates.of(vr2, List.of(), 0.05)).isEqualTo("ok");
    }
}
