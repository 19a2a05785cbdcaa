package io.vrguard.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private final ReportBuilder builder = new ReportBuilder(0.05, Duration.ofSeconds(1));

    /** vr1's delivered kpps per second (guarantee 29, offered 29). */
    private static List<IntervalRow> victim(double... delivered) {
        List<IntervalRow> rows = new ArrayList<>();
        for (int i = 0; i < delivered.length; i++) {
            rows.add(new IntervalRow(T0.plusSeconds(i + 1), i + 1, i < 5 ? "light" : "heavy", "vr1", "kvm", 29, 29,
                    delivered[i], 0, 60, 1024, ""));
        }
        return rows;
    }

    private static Received<ViolationEvent> event(String event, double atSecond) {
        Instant at = T0.plusMillis((long) (atSecond * 1000));
        return new Received<>(new ViolationEvent(1, "v-1", event, ViolationType.ISOLATION_VIOLATION, "h", "vr1",
                List.of("vr2"), List.of(1), VrKind.KVM, "x", T0.plusSeconds(6), at, null), at);
    }

    private static Received<ActionResult> applied(double atSecond, String outcome) {
        Instant at = T0.plusMillis((long) (atSecond * 1000));
        return new Received<>(new ActionResult(1, "c-1", "h", at, ActionStatus.APPLIED, "enforce", "v-1", null,
                List.of(new AppliedChange("vr1", Setting.CPU_SHARES, "cpu.shares", "2048", "1024", "2048", "cgroupfs",
                        outcome, null))), at);
    }

    @Test
    void latencyRunsFromTheFirstIntervalBelowTheGuaranteeOnTheLabsClock() {
        // below from second 6; one noisy dip at second 2 is followed by 3 good intervals and does not count
        List<IntervalRow> rows = victim(29, 26, 29, 29, 29, 21, 21, 22, 25, 28.9, 29, 29);
        var latency = builder.latency(rows, List.of(event("opened", 7.6)), List.of(applied(8.5, "changed")), 3,
                1000);

        assertThat(latency.victim()).isEqualTo("vr1");
        assertThat(latency.victimBelowAt()).isEqualTo(T0.plusSeconds(6));
        assertThat(latency.detectMs()).isEqualTo(1600);
        assertThat(latency.actMs()).isEqualTo(2500);
        assertThat(latency.recoverMs()).as("second 10 and 11 back above 95%").isEqualTo(4000);
        assertThat(latency.victimAfterRecoveryPercent()).isGreaterThan(99);
        assertThat(latency.victimAfterRecoveryMedianPercent()).isEqualTo(100);
    }

    @Test
    void noActionMeansNoActOrRecoverLatency() {
        List<IntervalRow> rows = victim(29, 29, 29, 29, 29, 21, 21, 22, 21);
        var latency = builder.latency(rows, List.of(event("opened", 7.6)),
                List.of(applied(8.5, "noop")), 3, 1000);

        assertThat(latency.detectMs()).isEqualTo(1600);
        assertThat(latency.actMs()).isNull();
        assertThat(latency.recoverMs()).isNull();
    }

    @Test
    void noViolationMeansNoLatency() {
        assertThat(builder.latency(victim(29, 21, 21), List.of(), List.of(), 3, 1000))
                .isEqualTo(RunReport.Latency.NONE);
    }

    @Test
    void violationsAreOneEntryPerIdWithTheirResolution() {
        var list = ReportBuilder.violations(List.of(event("opened", 7.6), event("updated", 9),
                event("resolved", 12)));

        assertThat(list).singleElement().satisfies(v -> {
            assertThat(v.victim()).isEqualTo("vr1");
            assertThat(v.aggressors()).containsExactly("vr2");
            assertThat(v.type()).isEqualTo("isolation_violation");
            assertThat(v.types()).containsExactly("isolation_violation");
            assertThat(v.openedAt()).isEqualTo(T0.plusSeconds(6));
            assertThat(v.resolvedAt()).isEqualTo(T0.plusSeconds(12));
            assertThat(v.reportedAt()).isEqualTo(T0.plusMillis(7600));
        });
    }

    @Test
    void actionsNameEachSettingWithBeforeAndAfter() {
        var list = ReportBuilder.actions(List.of(applied(8.5, "changed")));

        assertThat(list).singleElement().satisfies(a -> {
            assertThat(a.router()).isEqualTo("vr1");
            assertThat(a.change()).isEqualTo("cpu_shares cpu.shares 1024 -> 2048");
            assertThat(a.result()).isEqualTo("applied (changed, cgroupfs)");
        });
    }

    @Test
    void stepFiguresAverageTheStepAfterItsSettleTime() {
        List<IntervalRow> rows = victim(10, 29, 29, 29, 29, 21, 21, 23);
        var steps = builder.steps(List.of(new StepWindow("light", T0, T0.plusSeconds(5)),
                new StepWindow("heavy", T0.plusSeconds(5), T0.plusSeconds(8))), rows);

        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).routers()).singleElement().satisfies(r -> {
            assertThat(r.deliveredKpps()).as("second 1 is settle time").isEqualTo(29);
            assertThat(r.guaranteeKpps()).isEqualTo(29);
            assertThat(r.cpuShares()).isEqualTo(1024);
        });
        assertThat(steps.get(1).routers().get(0).deliveredKpps()).isEqualTo(22);
        assertThat(steps.get(1).seconds()).isEqualTo(3);
    }
}
