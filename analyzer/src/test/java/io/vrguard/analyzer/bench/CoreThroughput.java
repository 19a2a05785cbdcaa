package io.vrguard.analyzer.bench;

import io.vrguard.analyzer.core.DetectionSettings;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.Mode;
import io.vrguard.analyzer.core.PaperFixtures;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.core.PolicyRule;
import io.vrguard.analyzer.influx.Points;
import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: VR samples per second through decode + analysis (+ point building) on one thread,
 * for HOSTS hosts × VRS VRs over INTERVALS intervals, every fifth host starved. Run:
 * {@code java -cp "$(cat target/cp.txt):target/classes:target/test-classes" io.vrguard.analyzer.bench.CoreThroughput}
 */
public final class CoreThroughput {
    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int vrs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int intervals = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        Policies policies = Policies.of(List.of(new PolicyRule("fleet", null, null, null, Mode.ADVISE, null, null,
                null, null, 0.02, null),
                new PolicyRule("vr:*/vr0", 800.0, null, null, null, null, null, null, null, null, null),
                new PolicyRule("vr:*/vr1", 400.0, null, null, null, null, null, null, null, null, null)));
        List<byte[]> records = new ArrayList<>();
        for (int i = 1; i <= intervals; i++) {
            for (int h = 0; h < hosts; h++) {
                records.add(WireJson.encode(sample("bench-" + h, i, vrs, h % 5 == 0)));
            }
        }
        long bytes = records.stream().mapToLong(r -> r.length).sum();
        List<HostSample> decoded = new ArrayList<>();
        long t0 = System.nanoTime();
        for (byte[] r : records) {
            decoded.add(WireJson.decode(r, HostSample.class));
        }
        long t1 = System.nanoTime();
        FleetAnalysis only = new FleetAnalysis(DetectionSettings.defaults(), policies);
        for (HostSample s : decoded) {
            only.accept(s);
        }
        long t2 = System.nanoTime();
        long pts = 0;
        for (HostSample s : decoded) {
            pts += Points.of(s, policies).size();
        }
        long t3 = System.nanoTime();
        System.out.printf("breakdown: decode %.2f s, analysis %.2f s, points %.2f s (%d points)%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (t3 - t2) / 1e9, pts);
        for (int round = 0; round < 3; round++) {
            FleetAnalysis analysis = new FleetAnalysis(DetectionSettings.defaults(), policies);
            long events = 0;
            long points = 0;
            long start = System.nanoTime();
            for (byte[] r : records) {
                HostSample s = WireJson.decode(r, HostSample.class);
                events += analysis.accept(s).events().size();
                points += Points.of(s, policies).size();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d host samples (%d MB), %d VR samples in %.2f s = %.0f VR samples/s,"
                    + " %d events, %d points%n", round, records.size(), bytes >> 20,
                    (long) records.size() * vrs, secs, records.size() * (double) vrs / secs, events, points);
        }
    }

    static HostSample sample(String host, long seq, int vrs, boolean starved) {
        List<VrSample> routers = new ArrayList<>();
        for (int v = 0; v < vrs; v++) {
            int cpu = v % 8;
            double delivered = starved && v == 0 ? 682 : 780;
            routers.add(PaperFixtures.vr("vr" + v, v % 2 == 0 ? VrKind.KVM : VrKind.LXC, 800, delivered, 11,
                    List.of(cpu)));
        }
        List<CpuSample> cpus = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            cpus.add(PaperFixtures.cpu(c, starved && c == 0 ? 100 : 70, 20));
        }
        return new HostSample(1, host, seq, Instant.parse("2026-11-21T10:00:00Z").plusSeconds(seq), 1000, 1000,
                cpus, routers, List.of());
    }
}
