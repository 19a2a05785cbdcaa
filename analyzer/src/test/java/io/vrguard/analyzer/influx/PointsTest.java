package io.vrguard.analyzer.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.analyzer.core.PaperFixtures;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/** The points the dashboards read beyond the raw samples: SLA entitlement, enforcement, aggressors. */
class PointsTest {
    private static final Instant AT = Instant.parse("2026-11-21T10:00:05Z");

    @Test
    void deliveredIsJudgedAgainstMinOfOfferedAndGuaranteeNotTheGuaranteeAlone() {
        // vr1 starved: 682 of 800 offered and guaranteed; vr2 offered 300 of its 400 guaranteed, forwards all 300
        HostSample s = PaperFixtures.host(PaperFixtures.HOST, 1, List.of(PaperFixtures.cpu(0, 100, 4)), List.of(
                PaperFixtures.vr("vr1", VrKind.KVM, 800, 682, 53, List.of(0)),
                PaperFixtures.vr("vr2", VrKind.KVM, 300, 300, 30, List.of(0))));

        List<String> sla = lines(Points.of(s, PaperFixtures.policies()), "sla,");

        assertThat(sla).anySatisfy(l -> assertThat(l).startsWith("sla,host=kvm-host-1,vr=vr1 ")
                .contains("ofEntitlementPercent=85.25", "floorKpps=784.0", "breachSeconds=1.0"));
        assertThat(sla).anySatisfy(l -> assertThat(l).startsWith("sla,host=kvm-host-1,vr=vr2 ")
                .contains("ofEntitlementPercent=100.0", "floorKpps=294.0", "breachSeconds=0.0"));
    }

    @Test
    void nothingOfferedLeavesTheRatioOutButKeepsThePoint() {
        HostSample s = PaperFixtures.host(PaperFixtures.HOST, 1, List.of(PaperFixtures.cpu(0, 10, 1)),
                List.of(PaperFixtures.vr("vr1", VrKind.KVM, 0, 0, 1, List.of(0))));

        assertThat(lines(Points.of(s, PaperFixtures.policies()), "sla,")).singleElement()
                .satisfies(l -> assertThat(l).contains("floorKpps=0.0").doesNotContain("ofEntitlementPercent"));
    }

    @Test
    void theCpuMapIsNotPartOfEverySample() {
        HostSample s = PaperFixtures.host(PaperFixtures.HOST, 1, List.of(PaperFixtures.cpu(0, 100, 4)), List.of(
                PaperFixtures.vr("vr1", VrKind.KVM, 800, 682, 53, List.of(0)),
                PaperFixtures.vr("vr3", VrKind.LXC, 50, 50, 5, List.of())));

        assertThat(lines(Points.of(s, PaperFixtures.policies()), "vr_cpu,")).as("TopologyWriter writes it when due")
                .isEmpty();
    }

    @Test
    void eachChangeOfAResultIsAPointOnItsVrSayingFromWhatToWhat() {
        ActionResult applied = result(ActionStatus.APPLIED, null, List.of(
                new AppliedChange("vr1", Setting.CPU_SHARES, "cpu.shares", "3060", "1024", "3060", "cgroupfs",
                        "changed", null),
                new AppliedChange("vr2", Setting.CPU_SHARES, "cpu.shares", "1024", "1024", "1024", "none", "noop",
                        "the kernel already holds it")));

        List<Point> points = Points.changes(applied);

        assertThat(points).extracting(PointsTest::line).containsExactly(
                "action_change,host=kvm-host-1,knob=cpu.shares,outcome=changed,setting=cpu_shares,status=applied,"
                        + "vr=vr1 after=\"3060\",before=\"1024\",commandId=\"c-1\",method=\"cgroupfs\","
                        + "requested=\"3060\",text=\"cpu.shares 1024 -> 3060 (applied, cgroupfs)\","
                        + "violationId=\"v-1\" " + AT.toEpochMilli(),
                "action_change,host=kvm-host-1,knob=cpu.shares,outcome=noop,setting=cpu_shares,status=applied,"
                        + "vr=vr2 after=\"1024\",before=\"1024\",commandId=\"c-1\",detail=\"the kernel already holds it\","
                        + "method=\"none\",requested=\"1024\","
                        + "text=\"cpu.shares 1024 -> 1024 (applied, noop): the kernel already holds it\","
                        + "violationId=\"v-1\" " + AT.toEpochMilli());
    }

    @Test
    void aChangeNotWrittenSaysWhatWasAskedFor() {
        AppliedChange dryRun = new AppliedChange("vr1", Setting.CPU_SHARES, "cpu.shares", "2048", "1024", "1024",
                "none", "would_change", "dry-run: would write 2048 by cgroupfs");
        AppliedChange refused = new AppliedChange("vr1", Setting.RPS_CPUS, "eth9", "0-1", null, null, "none",
                "rejected", "UNKNOWN_INTERFACE: 'eth9' is not an interface of VR 'vr1'");
        AppliedChange failed = new AppliedChange("vr2", Setting.CPU_QUOTA, "cpu.cfs_quota_us", "50000 100000", "-1",
                "-1", "cgroupfs", "failed", "Permission denied");

        assertThat(ChangeText.of(result(ActionStatus.DRY_RUN, null, List.of(dryRun)), dryRun))
                .isEqualTo("cpu.shares 1024 -> 2048 (dry_run, would_change): dry-run: would write 2048 by cgroupfs");
        assertThat(ChangeText.of(result(ActionStatus.REJECTED, "bad", List.of(refused)), refused))
                .isEqualTo("eth9 ? -> 0-1 (rejected): UNKNOWN_INTERFACE: 'eth9' is not an interface of VR 'vr1'");
        assertThat(ChangeText.of(result(ActionStatus.FAILED, "x", List.of(failed)), failed))
                .isEqualTo("cpu.cfs_quota_us -1 -> -1 (failed, cgroupfs): Permission denied");
        assertThat(line(Points.changes(result(ActionStatus.REJECTED, "bad", List.of(refused))).get(0)))
                .startsWith("action_change,host=kvm-host-1,knob=eth9,outcome=rejected,setting=rps_cpus,"
                        + "status=rejected,vr=vr1 ")
                .doesNotContain("before=", "after=");
    }

    @Test
    void aResultWithoutChangesHasNoChangePoint() {
        assertThat(Points.changes(result(ActionStatus.REJECTED, "BAD_SIGNATURE", List.of()))).isEmpty();
    }

    @Test
    void eachAggressorOfAViolationIsOnePointAtItsStartSoUpdatesDoNotCountTwice() {
        Instant started = AT.minusSeconds(30);
        ViolationEvent opened = violation(ViolationEvent.OPENED, List.of("vr2", "vr3"), started, AT);
        ViolationEvent updated = violation(ViolationEvent.UPDATED, List.of("vr2"), started, AT.plusSeconds(10));

        List<String> fromOpen = Points.aggressors(opened).stream().map(PointsTest::line).toList();
        List<String> fromUpdate = Points.aggressors(updated).stream().map(PointsTest::line).toList();

        assertThat(fromOpen).containsExactly(
                "violation_aggressor,aggressor=vr2,host=kvm-host-1,type=isolation_violation,vr=vr1 id=\"v-1\" "
                        + started.toEpochMilli(),
                "violation_aggressor,aggressor=vr3,host=kvm-host-1,type=isolation_violation,vr=vr1 id=\"v-1\" "
                        + started.toEpochMilli());
        assertThat(fromOpen).containsAll(fromUpdate);
        assertThat(Points.aggressors(violation(ViolationEvent.RESOLVED, List.of("vr2"), started, AT))).isEmpty();
    }

    private static ViolationEvent violation(String event, List<String> aggressors, Instant started, Instant at) {
        return new ViolationEvent(WireSchema.VIOLATION_EVENT, "v-1", event, ViolationType.ISOLATION_VIOLATION,
                PaperFixtures.HOST, "vr1", aggressors, List.of(0), VrKind.KVM, "vr2 takes CPU 0", started, at,
                Map.of());
    }

    private static ActionResult result(ActionStatus status, String reason, List<AppliedChange> changes) {
        return new ActionResult(WireSchema.ACTION_RESULT, "c-1", PaperFixtures.HOST, AT, status, "enforce", "v-1",
                reason, changes);
    }

    private static List<String> lines(List<Point> points, String prefix) {
        return points.stream().map(PointsTest::line).filter(l -> l.startsWith(prefix)).toList();
    }

    private static String line(Point p) {
        return p.lineProtocol(TimeUnit.MILLISECONDS);
    }
}
