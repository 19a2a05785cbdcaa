package io.vrguard.analyzer.influx;

import io.vrguard.analyzer.core.HostHealth;
import io.vrguard.analyzer.core.PlannedCommand;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.core.SlaPolicy;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.VrSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * Turns what the analyzer saw into InfluxDB points; the schema is documented in analyzer/README.md. Every
 * timestamp comes from the sample or event, never from the write, so a replay overwrites instead of doubling.
 */
public final class Points {
    public static final String VR = "vr";
    public static final String INTERFACE = "interface";
    public static final String CPU = "cpu";
    public static final String HOST_HEALTH = "host_health";
    public static final String SLA = "sla";
    public static final String VIOLATION = "violation";
    public static final String ACTION = "action";
    public static final String VR_CPU = "vr_cpu";
    public static final String ACTION_CHANGE = "action_change";
    public static final String VIOLATION_AGGRESSOR = "violation_aggressor";

    private Points() {
    }

    /** The sample's per-interval points; the {@code vr_cpu} topology comes from {@link #topology} when due. */
    public static List<Point> of(HostSample s, Policies policies) {
        List<Point> out = new ArrayList<>();
        for (VrSample vr : s.routers()) {
            SlaPolicy p = policies.resolve(s.host(), vr.name());
            out.add(vr(s, vr, p));
            if (p.guaranteeKpps() > 0 && VrSample.STATE_OK.equals(vr.state())) {
                out.add(sla(s, vr, p));
            }
            for (InterfaceSample nic : vr.interfaces()) {
                out.add(nic(s, vr, nic));
            }
        }
        for (CpuSample c : s.cpus()) {
            out.add(cpu(s, c));
        }
        return out;
    }

    private static Point vr(HostSample s, VrSample vr, SlaPolicy p) {
        Point.Builder b = at(VR, s.timestamp()).tag("host", s.host()).tag("vr", vr.name())
                .tag("kind", vr.kind().wireName()).tag("state", vr.state());
        field(b, "offeredKpps", vr.offeredPps() / 1000);
        field(b, "deliveredKpps", vr.deliveredPps() / 1000);
        field(b, "rxKpps", vr.rxPps() / 1000);
        field(b, "txKpps", vr.txPps() / 1000);
        field(b, "dropKpps", vr.dropPps() / 1000);
        field(b, "cpuPercent", vr.cpuPercent());
        field(b, "softirqPercentEstimate", vr.softirqPercentEstimate());
        field(b, "throttledMsPerSec", vr.throttledMsPerSec());
        field(b, "guaranteeKpps", p.guaranteeKpps());
        if (vr.cpuShares() != null) {
            b.addField("cpuShares", vr.cpuShares());
        }
        if (vr.cpuWeight() != null) {
            b.addField("cpuWeight", vr.cpuWeight());
        }
        if (vr.quotaUs() != null) {
            b.addField("quotaUs", vr.quotaUs());
        }
        return b.build();
    }

    /**
     * One interval of SLA accounting: its length, and that length again if it breached; the floor delivered had
     * to reach, and delivered as a per cent of what the VR was entitled to (min(offered, guarantee)).
     */
    private static Point sla(HostSample s, VrSample vr, SlaPolicy p) {
        double seconds = s.intervalMs() / 1000.0;
        double floor = p.floorKpps(vr.offeredPps() / 1000);
        boolean breached = vr.deliveredPps() / 1000 < floor;
        Point.Builder b = at(SLA, s.timestamp()).tag("host", s.host()).tag("vr", vr.name())
                .addField("seconds", seconds).addField("breachSeconds", breached ? seconds : 0.0)
                .addField("guaranteeKpps", p.guaranteeKpps());
        field(b, "floorKpps", floor);
        field(b, "ofEntitlementPercent", ofEntitlementPercent(vr, p));
        return b.build();
    }

    /** 100 × delivered ÷ min(offered, guarantee); not finite (left out) when nothing was offered. */
    static double ofEntitlementPercent(VrSample vr, SlaPolicy p) {
        return 100 * vr.deliveredPps() / Math.min(vr.offeredPps(), p.guaranteeKpps() * 1000);
    }

    /**
     * The {@code vr_cpu} points of the due VRs: one per CPU each may run on, saying how many CPUs it may use and
     * how many VRs of the host may run on that CPU. Topology only: the VR's figures are in {@code vr}.
     */
    static List<Point> topology(HostSample s, TopologyWriter.Due due) {
        List<Point> out = new ArrayList<>();
        for (int i : due.vrs()) {
            String vr = s.routers().get(i).name();
            List<Integer> cpus = due.map().cpusByVr().get(i);
            for (int cpu : cpus) {
                out.add(at(VR_CPU, s.timestamp()).tag("host", s.host()).tag("vr", vr)
                        .tag("cpu", Integer.toString(cpu)).addField("cpusetSize", (long) cpus.size())
                        .addField("vrsOnCpu", (long) due.map().vrsOn(cpu)).build());
            }
        }
        return out;
    }

    private static Point nic(HostSample s, VrSample vr, InterfaceSample nic) {
        Point.Builder b = at(INTERFACE, s.timestamp()).tag("host", s.host()).tag("vr", vr.name())
                .tag("kind", vr.kind().wireName()).tag("interface", nic.name());
        field(b, "rxKpps", nic.rxPps() / 1000);
        field(b, "txKpps", nic.txPps() / 1000);
        field(b, "rxDropKpps", nic.rxDropPps() / 1000);
        field(b, "txDropKpps", nic.txDropPps() / 1000);
        return b.build();
    }

    private static Point cpu(HostSample s, CpuSample c) {
        Point.Builder b = at(CPU, s.timestamp()).tag("host", s.host()).tag("cpu", Integer.toString(c.cpu()));
        field(b, "busyPercent", c.busyPercent());
        field(b, "softirqPercent", c.softirqPercent());
        field(b, "irqPercent", c.irqPercent());
        field(b, "netRxPerSec", c.netRxPerSec());
        field(b, "netTxPerSec", c.netTxPerSec());
        field(b, "softnetProcessedPerSec", c.softnetProcessedPerSec());
        field(b, "softnetDroppedPerSec", c.softnetDroppedPerSec());
        field(b, "timeSqueezePerSec", c.timeSqueezePerSec());
        return b.build();
    }

    public static Point health(HostHealth h) {
        return at(HOST_HEALTH, h.at()).tag("host", h.host()).addField("seq", h.seq())
                .addField("seqGap", h.lastGap()).addField("missedSamples", h.missedSamples())
                .addField("staleRouters", (long) h.staleRouters()).addField("stale", h.stale() ? 1L : 0L).build();
    }

    public static Point violation(ViolationEvent e) {
        return at(VIOLATION, e.at()).tag("host", e.host()).tag("vr", e.victim() == null ? "" : e.victim())
                .tag("type", e.type().wireName()).tag("event", e.event())
                .addField("id", e.id()).addField("text", e.explanation())
                .addField("aggressors", String.join(",", e.aggressors()))
                .addField("cpus", e.cpus().toString()).build();
    }

    /**
     * One point per aggressor a violation names, stamped with the violation's start: every event of the same
     * violation overwrites the same points, so counting them counts each violation once per aggressor.
     */
    public static List<Point> aggressors(ViolationEvent e) {
        if (ViolationEvent.RESOLVED.equals(e.event()) || e.victim() == null) {
            return List.of();
        }
        Instant started = e.startedAt() != null ? e.startedAt() : e.at();
        List<Point> out = new ArrayList<>(e.aggressors().size());
        for (String aggressor : e.aggressors()) {
            out.add(at(VIOLATION_AGGRESSOR, started).tag("host", e.host()).tag("vr", e.victim())
                    .tag("aggressor", aggressor).tag("type", e.type().wireName()).addField("id", e.id()).build());
        }
        return out;
    }

    public static Point planned(PlannedCommand c) {
        return at(ACTION, c.command().issuedAt()).tag("host", c.command().host()).tag("vr", c.victim())
                .tag("step", c.step()).tag("mode", c.mode().wireName()).tag("status", "planned")
                .addField("commandId", c.command().id())
                .addField("violationId", String.valueOf(c.command().violationId()))
                .addField("text", String.valueOf(c.command().reason())).build();
    }

    public static Point result(ActionResult r) {
        return at(ACTION, r.at()).tag("host", r.host()).tag("vr", "").tag("step", "result").tag("mode",
                        String.valueOf(r.mode())).tag("status", r.status().wireName())
                .addField("commandId", String.valueOf(r.commandId()))
                .addField("violationId", String.valueOf(r.violationId()))
                .addField("text", r.reason() == null ? r.status().wireName() : r.reason()).build();
    }

    /** One point per change the enforcer reports, on the VR it concerns, stamped with the result's time. */
    public static List<Point> changes(ActionResult r) {
        List<Point> out = new ArrayList<>(r.changes().size());
        for (AppliedChange c : r.changes()) {
            Point.Builder b = at(ACTION_CHANGE, r.at()).tag("host", r.host()).tag("vr", orEmpty(c.router()))
                    .tag("setting", c.setting().wireName()).tag("knob", ChangeText.knob(c))
                    .tag("status", r.status().wireName()).tag("outcome", orEmpty(c.outcome()))
                    .addField("text", ChangeText.of(r, c));
            text(b, "before", c.before());
            text(b, "after", c.after());
            text(b, "requested", c.requested());
            text(b, "method", c.method());
            text(b, "detail", c.detail());
            text(b, "commandId", r.commandId());
            text(b, "violationId", r.violationId());
            out.add(b.build());
        }
        return out;
    }

    private static Point.Builder at(String measurement, Instant t) {
        return Point.measurement(measurement).time(t.toEpochMilli(), TimeUnit.MILLISECONDS);
    }

    /** An empty tag is left out of the point. */
    private static String orEmpty(String tag) {
        return tag == null ? "" : tag;
    }

    private static void text(Point.Builder b, String name, String value) {
        if (value != null) {
            b.addField(name, value);
        }
    }

    /** NaN and infinities are not numbers InfluxDB can store: leave the field out rather than lose the point. */
    private static void field(Point.Builder b, String name, Double value) {
        if (value != null && Double.isFinite(value)) {
            b.addField(name, (double) value);
        }
    }
}
