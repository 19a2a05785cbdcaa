package io.vrguard.analyzer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class FleetAnalysisTest {
    private final DetectionSettings settings = DetectionSettings.defaults();

    private AnalysisOutput run(FleetAnalysis a, long from, long to, LongFunction<HostSample> sample) {
        AnalysisOutput out = AnalysisOutput.NONE;
        for (long seq = from; seq <= to; seq++) {
            out = out.plus(a.accept(sample.apply(seq)));
        }
        return out;
    }

    @Test
    void starvationOpensOnceWithAStableIdAndResolvesAfterRecovery() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.ADVISE, false));

        AnalysisOutput bad = run(a, 1, 10, seq -> PaperFixtures.withoutSharesRow(4, seq));
        AnalysisOutput good = run(a, 11, 20, seq -> PaperFixtures.withSharesRow(4, seq));

        List<ViolationEvent> events = new ArrayList<>(bad.events());
        events.addAll(good.events());
        assertThat(events).extracting(ViolationEvent::event).containsExactly("opened", "resolved");
        assertThat(events).extracting(ViolationEvent::id).containsOnly(events.get(0).id());
        assertThat(events.get(0).type()).isEqualTo(ViolationType.ISOLATION_VIOLATION);
        assertThat(events.get(0).startedAt()).isEqualTo(PaperFixtures.T0.plusSeconds(5));
        assertThat(a.skippedWindows()).isEqualTo(4);
    }

    @Test
    void aFlappingRateDoesNotFlapTheViolation() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));

        AnalysisOutput out = run(a, 1, 30, seq -> seq % 2 == 0 ? PaperFixtures.withoutSharesRow(4, seq)
                : PaperFixtures.withoutSharesRow(1, seq));

        assertThat(out.events()).extracting(ViolationEvent::event).containsExactly("opened");
        assertThat(out.commands()).as("mode off plans nothing").isEmpty();
    }

    @Test
    void adviseOnlyPublishesTheSharePlan() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.ADVISE, false));

        AnalysisOutput out = run(a, 1, 15, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(out.commands()).singleElement().satisfies(c -> {
            assertThat(c.mode()).isEqualTo(Mode.ADVISE);
            assertThat(c.step()).isEqualTo("shares");
            assertThat(c.command().violationId()).isEqualTo(out.events().get(0).id());
            assertThat(c.command().predictedDeliveredKpps()).containsKeys("vr1", "vr2");
            assertThat(c.command().expiresAt()).isAfter(c.command().issuedAt());
        });
    }

    @Test
    void autoVerifiesEscalatesToQuotaThenRevertsAndGivesUp() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.AUTO, true));

        AnalysisOutput out = run(a, 1, 20, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(out.commands()).extracting(PlannedCommand::step).containsExactly("shares", "quota", "revert");
        PlannedCommand revert = out.commands().get(2);
        assertThat(revert.command().type()).isEqualTo(CommandType.REVERT);
        assertThat(revert.command().reason()).contains("not recovered", "giving up");
        assertThat(out.commands().get(1).command().changes()).extracting(c -> c.setting())
                .containsOnly(Setting.CPU_QUOTA);
    }

    @Test
    void autoWithoutQuotaRevertsAfterTheVerifyIntervals() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.AUTO, false));

        AnalysisOutput out = run(a, 1, 20, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(out.commands()).extracting(PlannedCommand::step).containsExactly("shares", "revert");
        long issued = out.commands().get(0).command().issuedAt().getEpochSecond();
        long reverted = out.commands().get(1).command().issuedAt().getEpochSecond();
        assertThat(reverted - issued).isEqualTo(settings.verifyIntervals());
    }

    @Test
    void aRecoveredVictimNeedsNoFurtherCommandAndCooldownHoldsTheNextPlan() {
        DetectionSettings s = new DetectionSettings(3, 5, 2, 3, 95, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(30), 1024);
        FleetAnalysis a = new FleetAnalysis(s, PaperFixtures.policies(Mode.AUTO, false));

        AnalysisOutput first = run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));
        AnalysisOutput healed = run(a, 7, 16, seq -> PaperFixtures.withSharesRow(4, seq));
        AnalysisOutput again = run(a, 17, 30, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(first.commands()).extracting(PlannedCommand::step).containsExactly("shares");
        assertThat(healed.commands()).isEmpty();
        assertThat(again.events()).extracting(ViolationEvent::event).contains("opened");
        assertThat(again.commands()).as("second violation within the 60 s cooldown").isEmpty();
    }

    @Test
    void aRejectedCommandStopsTheRemedyAndSaysSo() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.AUTO, true));
        AnalysisOutput out = run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));
        PlannedCommand cmd = out.commands().get(0);

        AnalysisOutput rejected = a.onAction(new ActionResult(1, cmd.command().id(), PaperFixtures.HOST,
                PaperFixtures.T0.plusSeconds(7), ActionStatus.REJECTED, "enforce", cmd.command().violationId(),
                "shares above bound", List.of()));
        AnalysisOutput later = run(a, 7, 20, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(rejected.events()).singleElement().satisfies(e ->
                assertThat(e.explanation()).contains("rejected", "shares above bound", "giving up"));
        assertThat(later.commands()).isEmpty();
    }

    @Test
    void aReplayRejectionOfAnAppliedCommandDoesNotGiveTheRemedyUp() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.AUTO, true));
        AnalysisOutput out = run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));
        PlannedCommand cmd = out.commands().get(0);
        String id = cmd.command().id();

        a.onAction(new ActionResult(1, id, PaperFixtures.HOST, PaperFixtures.T0.plusSeconds(7), ActionStatus.APPLIED,
                "enforce", cmd.command().violationId(), null, List.of()));
        // the same record delivered again (a producer retry, a replay): rejected by the enforcer under the same id
        AnalysisOutput replay = a.onAction(new ActionResult(1, id, PaperFixtures.HOST,
                PaperFixtures.T0.plusSeconds(8), ActionStatus.REJECTED, "enforce", cmd.command().violationId(),
                "replayed: command " + id + " was already received at vrguard.commands-0@7", List.of()));
        AnalysisOutput later = run(a, 7, 20, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(replay.events()).as("no give-up said").isEmpty();
        assertThat(later.commands()).as("the remedy goes on: judged, escalated, reverted")
                .extracting(PlannedCommand::step).containsExactly("quota", "revert");
    }

    @Test
    void everyPlannedChangeCarriesTheBoundsTheEnforcerHoldsItTo() {
        // no rule names share bounds: the built-in fleet policy still gives them (the enforcer refuses none)
        Policies policies = Policies.of(List.of(
                new PolicyRule("fleet", null, null, null, Mode.AUTO, null, null, true, null, 0.02, null),
                new PolicyRule("vr:" + PaperFixtures.HOST + "/vr1", 800.0, null, 1, null, null, null, null, null, null,
                        null),
                new PolicyRule("vr:" + PaperFixtures.HOST + "/vr2", 400.0, null, 2, null, null, null, null, null,
                        null, null)));
        FleetAnalysis a = new FleetAnalysis(settings, policies);

        AnalysisOutput out = run(a, 1, 20, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(out.commands()).extracting(PlannedCommand::step).containsExactly("shares", "quota", "revert");
        assertThat(out.commands().stream().filter(c -> c.command().type() == CommandType.APPLY)
                .flatMap(c -> c.command().changes().stream()).toList()).isNotEmpty().allSatisfy(c -> {
                    assertThat(c.bounds()).as(c.toString()).isNotNull();
                    assertThat(c.bounds().minShares()).isNotNull();
                    assertThat(c.bounds().maxShares()).isNotNull();
                    assertThat(c.bounds().minQuotaPercent()).as("the built-in quota floor").isEqualTo(10.0);
                });
    }

    @Test
    void silentHostGoesStaleNeverHealthyAndSeqGapsAreCounted() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        run(a, 1, 3, seq -> PaperFixtures.withSharesRow(1, seq));

        AnalysisOutput quiet = a.advance(PaperFixtures.T0.plusSeconds(3 + 3));
        assertThat(quiet.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ViolationType.STALE);
            assertThat(e.victim()).isNull();
            assertThat(e.event()).isEqualTo("opened");
        });
        assertThat(a.advance(PaperFixtures.T0.plusSeconds(20)).events()).as("still stale, once").isEmpty();

        AnalysisOutput back = a.accept(PaperFixtures.withSharesRow(1, 10));
        assertThat(back.events()).extracting(ViolationEvent::event, ViolationEvent::type)
                .contains(org.assertj.core.groups.Tuple.tuple("resolved", ViolationType.STALE));
        assertThat(back.health()).first().satisfies(h -> {
            assertThat(h.lastGap()).isEqualTo(6);
            assertThat(h.missedSamples()).isEqualTo(6);
        });
    }

    @Test
    void aVrThatStopsBeingReportedIsStale() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        run(a, 1, 5, seq -> PaperFixtures.withSharesRow(1, seq));
        HostSample onlyVr1 = PaperFixtures.withSharesRow(1, 6);

        AnalysisOutput out = run(a, 6, 12, seq -> new HostSample(1, onlyVr1.host(), seq,
                PaperFixtures.T0.plusSeconds(seq), 1000, 1000, onlyVr1.cpus(), onlyVr1.routers().subList(0, 1),
                List.of()));

        assertThat(out.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ViolationType.STALE);
            assertThat(e.victim()).isEqualTo("vr2");
        });
    }

    @Test
    void duplicatesAndOldSamplesAreIgnored() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        run(a, 1, 6, seq -> PaperFixtures.withoutSharesRow(4, seq));

        assertThat(a.accept(PaperFixtures.withoutSharesRow(4, 6))).isEqualTo(AnalysisOutput.NONE);
        assertThat(a.accept(PaperFixtures.withoutSharesRow(4, 2))).isEqualTo(AnalysisOutput.NONE);
        assertThat(a.duplicateSamples()).isEqualTo(2);
    }
}
