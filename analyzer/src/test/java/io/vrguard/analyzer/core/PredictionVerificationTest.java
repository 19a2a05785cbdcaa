package io.vrguard.analyzer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationEvent;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** A remedy's outcome is compared with the prediction its command carried, and the comparison is reported. */
class PredictionVerificationTest {
    private final DetectionSettings settings = DetectionSettings.defaults();

    private AnalysisOutput run(FleetAnalysis a, long from, long to, LongFunction<HostSample> sample) {
        AnalysisOutput out = AnalysisOutput.NONE;
        for (long seq = from; seq <= to; seq++) {
            out = out.plus(a.accept(sample.apply(seq)));
        }
        return out;
    }

    private static List<ViolationEvent> judged(AnalysisOutput out) {
        return out.events().stream().filter(e -> e.explanation().contains("judged")).toList();
    }

    @Test
    void thePaperOutcomeWithSharesHoldsThePrediction() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.AUTO, false));
        AnalysisOutput before = run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));
        PlannedCommand shares = before.commands().get(0);
        Map<String, Double> predicted = shares.command().predictedDeliveredKpps();
        assertThat(predicted).containsOnlyKeys("vr1", "vr2");

        // The measured row with VR1 given twice VR2's share: 800 / 440 kpps.
        AnalysisOutput after = run(a, 7, 12, seq -> PaperFixtures.withSharesRow(4, seq));

        assertThat(judged(after)).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(ViolationEvent.UPDATED);
            assertThat(e.id()).isEqualTo(shares.command().violationId());
            assertThat(e.explanation()).contains(shares.command().id(), "recovered", "prediction held",
                    "vr1 predicted 800 kpps measured 800 kpps");
            assertThat(e.figures()).containsEntry("measured.vr1.deliveredKpps", 800.0)
                    .containsEntry("measured.vr2.deliveredKpps", 440.0)
                    .containsEntry("predicted.vr2.deliveredKpps", predicted.get("vr2"));
            assertThat(e.figures().get("predictionError.vr2.percent"))
                    .isCloseTo((440 - predicted.get("vr2")) / predicted.get("vr2") * 100, within(1e-9));
        });
        assertThat(after.commands()).as("recovered: nothing more to do").isEmpty();
    }

    @Test
    void aRemedyThatDidNotWorkReportsTheMissBeforeItIsReverted() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.AUTO, false));
        run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));

        AnalysisOutput after = run(a, 7, 12, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(judged(after)).singleElement().satisfies(e -> {
            assertThat(e.explanation()).contains("not recovered", "prediction missed",
                    "vr1 predicted 800 kpps measured 682 kpps (-14.8%)");
            assertThat(e.figures()).containsEntry("measured.vr1.deliveredKpps", 682.0);
        });
        assertThat(after.commands()).extracting(PlannedCommand::step).containsExactly("revert");
    }

    @Test
    void aViolationThatResolvesBeforeTheJudgingIntervalIsJudgedAsItResolves() {
        DetectionSettings slowVerify = new DetectionSettings(3, 5, 2, 3, 95, 20, java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(30), 1024);
        FleetAnalysis a = new FleetAnalysis(slowVerify, PaperFixtures.policies(Mode.AUTO, false));
        run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));

        AnalysisOutput after = run(a, 7, 20, seq -> PaperFixtures.withSharesRow(4, seq));

        List<String> kinds = after.events().stream().map(e -> e.explanation().contains("judged") ? "judged"
                : e.event()).toList();
        assertThat(kinds).containsSubsequence("judged", ViolationEvent.RESOLVED);
        assertThat(kinds.indexOf("judged")).isEqualTo(kinds.indexOf(ViolationEvent.RESOLVED) - 1);
        assertThat(judged(after)).singleElement().satisfies(e ->
                assertThat(e.explanation()).contains("recovered", "prediction held"));
        assertThat(after.commands()).isEmpty();
    }

    @Test
    void checkArithmetic() {
        PredictionCheck held = new PredictionCheck(Map.of("a", 100.0, "b", 50.0), Map.of("a", 95.0, "b", 54.0));
        assertThat(held.held()).isTrue();
        assertThat(held.errors()).containsEntry("a", -0.05).containsKey("b");
        assertThat(held.describe()).isEqualTo("prediction held (tolerance 10%): a predicted 100 kpps measured"
                + " 95 kpps (-5.0%); b predicted 50 kpps measured 54 kpps (+8.0%)");

        PredictionCheck unmeasured = new PredictionCheck(Map.of("a", 100.0), Map.of());
        assertThat(unmeasured.held()).as("no measurement is no confirmation").isFalse();
        assertThat(unmeasured.describe()).endsWith("a predicted 100 kpps not measured");
        assertThat(new PredictionCheck(Map.of("a", 100.0), Map.of("a", 111.0)).held()).isFalse();
        assertThat(new PredictionCheck(Map.of(), Map.of()).held()).isFalse();
    }
}
