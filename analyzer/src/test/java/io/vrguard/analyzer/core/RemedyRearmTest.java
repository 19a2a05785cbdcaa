package io.vrguard.analyzer.core;

import static io.vrguard.analyzer.core.PaperFixtures.cpu;
import static io.vrguard.analyzer.core.PaperFixtures.host;
import static io.vrguard.analyzer.core.PaperFixtures.vr;
import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Giving up on a remedy holds per violation and cause, until the situation changes or the re-arm period ends. */
class RemedyRearmTest {

    private static DetectionSettings settings(Duration cooldown, int rearmIntervals) {
        return new DetectionSettings(3, 5, 2, 3, 95, 3, cooldown, Duration.ofSeconds(30), 1024, rearmIntervals,
                2.0);
    }

    private static AnalysisOutput run(FleetAnalysis a, long from, long to, LongFunction<HostSample> sample) {
        AnalysisOutput out = AnalysisOutput.NONE;
        for (long seq = from; seq <= to; seq++) {
            out = out.plus(a.accept(sample.apply(seq)));
        }
        return out;
    }

    /** CPU 0 saturated, vr1 short, vr2 within its guarantee and fair share: capacity, not isolation. */
    private static HostSample overcommit(long seq) {
        return host(PaperFixtures.HOST, seq, List.of(cpu(0, 100, 4), cpu(1, 6, 1)),
                List.of(vr("vr1", VrKind.KVM, 800, 700, 66, List.of(0)),
                        vr("vr2", VrKind.KVM, 400, 350, 30, List.of(0))));
    }

    private static List<String> steps(AnalysisOutput out) {
        return out.commands().stream().map(PlannedCommand::step).toList();
    }

    @Test
    void aRemedyGivenUpDuringAnOvercommitDipIsTriedAgainWhenTheIsolationViolationReturns() {
        FleetAnalysis a = new FleetAnalysis(settings(Duration.ofSeconds(5), 0), PaperFixtures.policies());

        AnalysisOutput starved = run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));
        AnalysisOutput dip = run(a, 7, 20, RemedyRearmTest::overcommit);
        AnalysisOutput overload = run(a, 21, 30, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(steps(starved)).containsExactly("shares");
        assertThat(dip.events()).extracting(ViolationEvent::type).contains(ViolationType.OVERCOMMIT);
        assertThat(steps(dip)).containsExactly("revert");
        assertThat(dip.events()).extracting(ViolationEvent::event).doesNotContain(ViolationEvent.RESOLVED);
        // the fixture never shows the new shares applied, so later steps and a revert follow; the first is the point
        assertThat(steps(overload)).as("the same violation, an isolation violation again").startsWith("shares");
        assertThat(overload.commands().get(0).command().violationId())
                .isEqualTo(starved.commands().get(0).command().violationId());
        assertThat(overload.events()).extracting(ViolationEvent::explanation)
                .anySatisfy(e -> assertThat(e).contains("re-armed", "isolation violation again", "planned shares"));
    }

    @Test
    void aGivenUpRemedyStaysGivenUpWhileNothingChangesAndRearmsAfterItsPeriod() {
        FleetAnalysis a = new FleetAnalysis(settings(Duration.ofSeconds(5), 10), PaperFixtures.policies());
        PlannedCommand cmd = run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq)).commands().get(0);
        a.onAction(new ActionResult(1, cmd.command().id(), PaperFixtures.HOST, PaperFixtures.T0.plusSeconds(6),
                ActionStatus.REJECTED, "enforce", cmd.command().violationId(), "step too large", List.of()));

        AnalysisOutput waiting = run(a, 7, 15, seq -> PaperFixtures.withoutSharesRow(4, seq));
        AnalysisOutput rearmed = run(a, 16, 17, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(waiting.commands()).isEmpty();
        assertThat(steps(rearmed)).containsExactly("shares");
        assertThat(rearmed.events()).extracting(ViolationEvent::explanation)
                .anySatisfy(e -> assertThat(e).contains("re-armed after 10 intervals", "step too large"));
    }

    @Test
    void whyARemedyIsNotAttemptedIsSaidAndTheCooldownStillHolds() {
        FleetAnalysis a = new FleetAnalysis(settings(Duration.ofSeconds(60), 0), PaperFixtures.policies());

        run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));
        run(a, 7, 20, RemedyRearmTest::overcommit);
        AnalysisOutput back = run(a, 21, 30, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(back.commands()).as("re-armed, but within 60 s of the revert").isEmpty();
        assertThat(back.events()).extracting(ViolationEvent::explanation)
                .anySatisfy(e -> assertThat(e).contains("not attempted yet: cooldown", "re-armed"));
    }
}
