package io.vrguard.analyzer.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.analyzer.bench.SyntheticFleet;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/** The direct line-protocol writer gives exactly the points of {@link Points#of}, the client's own encoding. */
class LineProtocolTest {
    static final Policies POLICIES = SyntheticFleet.policies();

    /** A point as measurement + tags + time, and its fields parsed (floats compared as numbers). */
    record Parsed(String key, Map<String, Object> fields) {
    }

    static Parsed parse(String line) {
        // no spaces in our tags and fields except escaped ones; split on unescaped spaces
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(c).append(line.charAt(++i));
            } else if (c == ' ') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        assertThat(parts).as(line).hasSize(3);
        Map<String, Object> fields = new TreeMap<>();
        for (String f : parts.get(1).split(",")) {
            String[] kv = f.split("=", 2);
            fields.put(kv[0], kv[1].endsWith("i") ? (Object) Long.parseLong(kv[1].substring(0, kv[1].length() - 1))
                    : (Object) Double.parseDouble(kv[1]));
        }
        return new Parsed(parts.get(0) + " " + parts.get(2), fields);
    }

    static Set<Parsed> viaClient(HostSample s) {
        Set<Parsed> out = new HashSet<>();
        for (Point p : Points.of(s, POLICIES)) {
            out.add(parse(p.lineProtocol(TimeUnit.MILLISECONDS)));
        }
        return out;
    }

    static Set<Parsed> direct(HostSample s) {
        StringBuilder b = new StringBuilder();
        int counted = LineProtocol.append(b, s, POLICIES);
        Set<Parsed> out = new HashSet<>();
        List<String> lines = b.toString().lines().toList();
        lines.forEach(l -> out.add(parse(l)));
        assertThat(lines).hasSameSizeAs(out).hasSize(counted);
        return out;
    }

    @Test
    void sameMeasurementsTagsFieldsAndTimestampsAsTheClientsPoints() {
        SyntheticFleet fleet = new SyntheticFleet("lp", 12, 50, 5);
        for (int h = 0; h < fleet.hosts(); h++) {
            for (long seq = 1; seq <= 3; seq++) {
                HostSample s = fleet.sample(h, seq);
                assertThat(direct(s)).isEqualTo(viaClient(s)).hasSize(Points.of(s, POLICIES).size());
            }
        }
    }

    @Test
    void unpinnedAndVanishedVrsMapToTheSameCpuPoints() {
        HostSample s = new SyntheticFleet("lp", 1, 4, 0).sample(0, 4);
        List<VrSample> vrs = new ArrayList<>(s.routers());
        VrSample a = vrs.get(0);
        VrSample b = vrs.get(1);
        vrs.set(0, new VrSample(a.name(), a.kind(), a.state(), a.rxPps(), a.txPps(), a.dropPps(), a.offeredPps(),
                a.deliveredPps(), a.cpuPercent(), null, null, a.softirqPercentEstimate(), a.cpuShares(), null, null,
                null, null, null, List.of(), a.interfaces()));
        vrs.set(1, new VrSample(b.name(), b.kind(), VrSample.STATE_GONE, 0, 0, 0, 0, 0, null, null, null, null,
                null, null, null, null, null, null, b.cpus(), b.interfaces()));
        HostSample mixed = new HostSample(1, s.host(), s.seq(), s.timestamp(), 1000, 1000, s.cpus(), vrs, List.of());
        TopologyWriter.Due due = new TopologyWriter(Duration.ofMinutes(1)).due(mixed);

        StringBuilder b1 = new StringBuilder();
        LineProtocol.topology(b1, mixed, due);
        Set<Parsed> lines = new HashSet<>();
        b1.toString().lines().forEach(l -> lines.add(parse(l)));
        Set<Parsed> client = new HashSet<>();
        Points.topology(mixed, due).forEach(p -> client.add(parse(p.lineProtocol(TimeUnit.MILLISECONDS))));

        assertThat(lines).isEqualTo(client);
        assertThat(lines).filteredOn(p -> p.key().startsWith("vr_cpu,") && p.key().contains("vr=" + a.name()))
                .hasSize(s.cpus().size());
        assertThat(lines).filteredOn(p -> p.key().startsWith("vr_cpu,") && p.key().contains("vr=" + b.name()))
                .isEmpty();
    }

    @Test
    void oddNamesAreEscapedAndNonFiniteFieldsLeftOut() {
        HostSample s = new SyntheticFleet("lp", 1, 3, 0).sample(0, 4);
        VrSample vr = s.routers().get(0);
        VrSample odd = new VrSample("vr one,a=b", vr.kind(), vr.state(), Double.NaN, vr.txPps(), vr.dropPps(),
                Double.POSITIVE_INFINITY, 1e-9, vr.cpuPercent(), null, null, null, 2048L, null, null, null, null,
                null, vr.cpus(), vr.interfaces());
        HostSample withOdd = new HostSample(1, "host x", s.seq(), s.timestamp(), 1000, 1000, s.cpus(),
                List.of(odd), List.of());

        assertThat(direct(withOdd)).isEqualTo(viaClient(withOdd));
        StringBuilder b = new StringBuilder();
        LineProtocol.append(b, withOdd, POLICIES);
        assertThat(b.toString()).contains("host=host\\ x", "vr=vr\\ one\\,a\\=b", "deliveredKpps=0.000000000001")
                .doesNotContain("NaN", "Infinity", "offeredKpps", "E-");
    }

    /** Every finite double, from any bit pattern, is written as plain decimal text that reads back to itself. */
    @Test
    void numbersReadBackExactly() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong())
                    : Math.round(random.nextDouble() * 1e8) / 100.0 / 1000; // a rate as the collector rounds it, in k
            if (!Double.isFinite(d)) {
                continue;
            }
            b.setLength(0);
            LineProtocol.number(b, d);
            assertThat(Double.parseDouble(b.toString())).as(b.toString()).isEqualTo(d);
            assertThat(b.toString()).doesNotContain("E");
        }
    }
}
