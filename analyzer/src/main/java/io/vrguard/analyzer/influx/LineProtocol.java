package io.vrguard.analyzer.influx;

import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.core.SlaPolicy;
import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrSample;
import java.math.BigDecimal;
import java.util.List;

/**
 * A host sample's points ({@link Points#of}: the same measurements, tags and fields) written straight as
 * InfluxDB line protocol with millisecond timestamps, without a Point object, tag map and number formatter
 * per point: the analyzer writes some 200 points per host sample of 50 VRs. The {@code vr_cpu} topology is not
 * part of every sample: {@link TopologyWriter} decides when it is due and writes it with {@link #topology}.
 */
public final class LineProtocol {
    private LineProtocol() {
    }

    /**
     * Appends the sample's per-interval lines ({@code vr}, {@code sla}, {@code interface}, {@code cpu}); returns
     * how many.
     */
    public static int append(StringBuilder out, HostSample s, Policies policies) {
        String host = escape(s.host());
        long ms = s.timestamp().toEpochMilli();
        int lines = s.routers().size() + s.cpus().size();
        for (VrSample vr : s.routers()) {
            SlaPolicy p = policies.resolve(s.host(), vr.name());
            String name = escape(vr.name());
            String kind = vr.kind().wireName();
            out.append(Points.VR).append(",host=").append(host).append(",kind=").append(kind);
            tag(out, "state", vr.state());
            out.append(",vr=").append(name).append(' ');
            int mark = out.length();
            field(out, mark, "offeredKpps", vr.offeredPps() / 1000);
            field(out, mark, "deliveredKpps", vr.deliveredPps() / 1000);
            field(out, mark, "rxKpps", vr.rxPps() / 1000);
            field(out, mark, "txKpps", vr.txPps() / 1000);
            field(out, mark, "dropKpps", vr.dropPps() / 1000);
            field(out, mark, "cpuPercent", vr.cpuPercent());
            field(out, mark, "softirqPercentEstimate", vr.softirqPercentEstimate());
            field(out, mark, "throttledMsPerSec", vr.throttledMsPerSec());
            field(out, mark, "guaranteeKpps", p.guaranteeKpps());
            integer(out, mark, "cpuShares", vr.cpuShares());
            integer(out, mark, "cpuWeight", vr.cpuWeight());
            integer(out, mark, "quotaUs", vr.quotaUs());
            end(out, ms);
            if (p.guaranteeKpps() > 0 && VrSample.STATE_OK.equals(vr.state())) {
                lines++;
                double seconds = s.intervalMs() / 1000.0;
                double floor = p.floorKpps(vr.offeredPps() / 1000);
                boolean breached = vr.deliveredPps() / 1000 < floor;
                out.append(Points.SLA).append(",host=").append(host).append(",vr=").append(name).append(' ');
                mark = out.length();
                field(out, mark, "seconds", seconds);
                field(out, mark, "breachSeconds", breached ? seconds : 0.0);
                field(out, mark, "guaranteeKpps", p.guaranteeKpps());
                field(out, mark, "floorKpps", floor);
                field(out, mark, "ofEntitlementPercent", Points.ofEntitlementPercent(vr, p));
                end(out, ms);
            }
            lines += vr.interfaces().size();
            for (InterfaceSample nic : vr.interfaces()) {
                out.append(Points.INTERFACE).append(",host=").append(host);
                tag(out, "interface", nic.name());
                out.append(",kind=").append(kind).append(",vr=").append(name).append(' ');
                mark = out.length();
                field(out, mark, "rxKpps", nic.rxPps() / 1000);
                field(out, mark, "txKpps", nic.txPps() / 1000);
                field(out, mark, "rxDropKpps", nic.rxDropPps() / 1000);
                field(out, mark, "txDropKpps", nic.txDropPps() / 1000);
                end(out, ms);
            }
        }
        for (CpuSample c : s.cpus()) {
            out.append(Points.CPU).append(",cpu=").append(c.cpu()).append(",host=").append(host).append(' ');
            int mark = out.length();
            field(out, mark, "busyPercent", c.busyPercent());
            field(out, mark, "softirqPercent", c.softirqPercent());
            field(out, mark, "irqPercent", c.irqPercent());
            field(out, mark, "netRxPerSec", c.netRxPerSec());
            field(out, mark, "netTxPerSec", c.netTxPerSec());
            field(out, mark, "softnetProcessedPerSec", c.softnetProcessedPerSec());
            field(out, mark, "softnetDroppedPerSec", c.softnetDroppedPerSec());
            field(out, mark, "timeSqueezePerSec", c.timeSqueezePerSec());
            end(out, ms);
        }
        return lines;
    }

    /**
     * Appends the {@code vr_cpu} lines of the due VRs ({@link Points#topology}: one per CPU each may run on);
     * returns how many.
     */
    static int topology(StringBuilder out, HostSample s, TopologyWriter.Due due) {
        String host = escape(s.host());
        long ms = s.timestamp().toEpochMilli();
        int lines = 0;
        for (int i : due.vrs()) {
            String name = escape(s.routers().get(i).name());
            List<Integer> cpus = due.map().cpusByVr().get(i);
            for (int cpu : cpus) {
                out.append(Points.VR_CPU).append(",cpu=").append(cpu).append(",host=").append(host)
                        .append(",vr=").append(name).append(' ');
                int mark = out.length();
                integer(out, mark, "cpusetSize", (long) cpus.size());
                integer(out, mark, "vrsOnCpu", (long) due.map().vrsOn(cpu));
                end(out, ms);
                lines++;
            }
        }
        return lines;
    }

    /** Tags in key order, as InfluxDB prefers; an empty or null tag is left out (line protocol has none). */
    private static void tag(StringBuilder out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.append(',').append(key).append('=').append(escape(value));
        }
    }

    /** NaN and infinities are not numbers InfluxDB can store: the field is left out, the point kept. */
    private static void field(StringBuilder out, int mark, String key, Double value) {
        if (value != null && Double.isFinite(value)) {
            separator(out, mark).append(key).append('=');
            number(out, value);
        }
    }

    private static void integer(StringBuilder out, int mark, String key, Long value) {
        if (value != null) {
            separator(out, mark).append(key).append('=').append((long) value).append('i');
        }
    }

    private static StringBuilder separator(StringBuilder out, int mark) {
        return out.length() > mark ? out.append(',') : out;
    }

    /**
     * A point with no field at all is not valid line protocol; it cannot happen (guaranteeKpps is always set on
     * vr and sla, cpusetSize on vr_cpu).
     */
    private static void end(StringBuilder out, long ms) {
        out.append(' ').append(ms).append('\n');
    }

    /** Plain decimal (InfluxDB reads Java's "1.0E10" too, but plain is what every client writes). */
    static void number(StringBuilder out, double d) {
        double abs = Math.abs(d);
        if (abs == 0 || abs >= 1e-3 && abs < 1e7) {
            out.append(d);
        } else {
            out.append(BigDecimal.valueOf(d).toPlainString());
        }
    }

    /** Tag keys and values: commas, equals signs and spaces are escaped; newlines cannot be and are replaced. */
    static String escape(String tag) {
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == ',' || c == '=' || c == ' ' || c == '\\' || c == '\n' || c == '\r') {
                return slowEscape(tag);
            }
        }
        return tag;
    }

    private static String slowEscape(String tag) {
        StringBuilder b = new StringBuilder(tag.length() + 8);
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            switch (c) {
                case ',', '=', ' ' -> b.append('\\').append(c);
                case '\n', '\r' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
