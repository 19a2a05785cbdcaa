package io.vrguard.analyzer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * One instance opens a violation and dies; another takes the host over with the last events the first one
 * published. The violation goes on under its id: confirmed once, resolved once, never opened anew.
 */
class TakeoverTest {
    private final DetectionSettings settings = DetectionSettings.defaults();

    private static List<ViolationEvent> run(FleetAnalysis a, long from, long to, LongFunction<HostSample> sample) {
        List<ViolationEvent> events = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            events.addAll(a.accept(sample.apply(seq)).events());
        }
        return events;
    }

    @Test
    void theNewOwnerContinuesTheOpenViolationUnderItsIdAndResolvesItOnce() {
        FleetAnalysis first = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        List<ViolationEvent> before = run(first, 1, 8, seq -> PaperFixtures.withoutSharesRow(4, seq));
        ViolationEvent opened = before.get(0);
        assertThat(before).extracting(ViolationEvent::event).containsExactly("opened");

        FleetAnalysis second = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        assertThat(second.restore(PaperFixtures.HOST, before)).isEqualTo(1);
        List<ViolationEvent> starving = run(second, 9, 20, seq -> PaperFixtures.withoutSharesRow(4, seq));
        List<ViolationEvent> healed = run(second, 21, 30, seq -> PaperFixtures.withSharesRow(4, seq));

        assertThat(starving).as("confirmed once by the new owner, not opened again")
                .extracting(ViolationEvent::event).containsExactly("updated");
        assertThat(starving.get(0).id()).isEqualTo(opened.id());
        assertThat(starving.get(0).startedAt()).isEqualTo(opened.startedAt());
        assertThat(starving.get(0).aggressors()).containsExactly("vr2");
        assertThat(healed).extracting(ViolationEvent::event).containsExactly("resolved");
        assertThat(healed.get(0).id()).isEqualTo(opened.id());
    }

    @Test
    void aViolationThatEndedWhileNobodyOwnedTheHostResolvesUnderItsId() {
        FleetAnalysis first = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        ViolationEvent opened = run(first, 1, 8, seq -> PaperFixtures.withoutSharesRow(4, seq)).get(0);

        FleetAnalysis second = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        second.restore(PaperFixtures.HOST, List.of(opened));
        List<ViolationEvent> events = run(second, 9, 20, seq -> PaperFixtures.withSharesRow(4, seq));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("resolved");
            assertThat(e.id()).isEqualTo(opened.id());
        });
    }

    @Test
    void resolvedOtherHostsAndAlreadyTrackedViolationsAreNotRestored() {
        FleetAnalysis first = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        List<ViolationEvent> events = run(first, 1, 8, seq -> PaperFixtures.withoutSharesRow(4, seq));
        events.addAll(run(first, 9, 20, seq -> PaperFixtures.withSharesRow(4, seq)));
        ViolationEvent resolved = events.get(events.size() - 1);
        assertThat(resolved.event()).isEqualTo("resolved");

        FleetAnalysis second = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        assertThat(second.restore(PaperFixtures.HOST, List.of(resolved))).isZero();
        assertThat(second.restore("other-host", List.of(events.get(0)))).isZero();
        assertThat(first.restore(PaperFixtures.HOST, List.of(events.get(0)))).as("host already has state here")
                .isZero();
    }

    @Test
    void aTakenOverStaleHostResolvesWithItsFirstSample() {
        FleetAnalysis first = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        run(first, 1, 6, seq -> PaperFixtures.withSharesRow(1, seq));
        ViolationEvent stale = first.advance(PaperFixtures.T0.plusSeconds(20)).events().get(0);
        assertThat(stale.type()).isEqualTo(ViolationType.STALE);

        FleetAnalysis second = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        second.restore(PaperFixtures.HOST, List.of(stale));
        List<ViolationEvent> events = run(second, 21, 21, seq -> PaperFixtures.withSharesRow(1, seq));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("resolved");
            assertThat(e.id()).isEqualTo(stale.id());
        });
    }

    @Test
    void theTrackingKeyOfAnEventIsItsFindingsKey() {
        FleetAnalysis a = new FleetAnalysis(settings, PaperFixtures.policies(Mode.OFF, false));
        ViolationEvent opened = run(a, 1, 8, seq -> PaperFixtures.withoutSharesRow(4, seq)).get(0);

        assertThat(ViolationTracker.keyOf(opened)).isEqualTo(a.openViolations().get(0).finding().key());
    }
}
