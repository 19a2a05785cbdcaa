package io.vrguard.analyzer.bench;

import io.vrguard.analyzer.core.DetectionSettings;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.influx.LineProtocol;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: VR samples per second through the analyzer's per-sample work on one thread, without
 * Kafka or InfluxDB — decode ({@code WireJson}'s streaming reader), analysis ({@code FleetAnalysis}) and the
 * sample's line protocol ({@code LineProtocol}, what the service writes) — over the {@link SyntheticFleet} that
 * {@code ScaleBench} puts on the topic (HOSTS × VRS over INTERVALS intervals). Run after
 * {@code ./mvnw -q test-compile -pl analyzer -am} and {@code dependency:build-classpath} (see analyzer/bench/run.sh):
 * {@code java -cp "$CP" io.vrguard.analyzer.bench.CoreThroughput 1000 50 8}
 */
public final class CoreThroughput {
    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int vrs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int intervals = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        SyntheticFleet fleet = new SyntheticFleet("bench", hosts, vrs, 10);
        Policies policies = SyntheticFleet.policies();
        List<byte[]> records = new ArrayList<>();
        for (int i = 1; i <= intervals; i++) {
            for (int h = 0; h < hosts; h++) {
                records.add(WireJson.encode(fleet.sample(h, i)));
            }
        }
        long bytes = records.stream().mapToLong(r -> r.length).sum();
        long vrSamples = (long) records.size() * vrs;
        for (int round = 0; round < 5; round++) {
            List<HostSample> decoded = new ArrayList<>(records.size());
            long t0 = System.nanoTime();
            for (byte[] r : records) {
                decoded.add(WireJson.decode(r, HostSample.class));
            }
            long t1 = System.nanoTime();
            FleetAnalysis analysis = new FleetAnalysis(DetectionSettings.defaults(), policies);
            long events = 0;
            for (HostSample s : decoded) {
                events += analysis.accept(s).events().size();
            }
            long t2 = System.nanoTime();
            StringBuilder lines = new StringBuilder(1 << 20);
            long chars = 0;
            for (HostSample s : decoded) {
                lines.setLength(0);
                LineProtocol.append(lines, s, policies);
                chars += lines.length();
            }
            long t3 = System.nanoTime();
            double total = (t3 - t0) / 1e9;
            System.out.printf("round %d: %d host samples (%d MB JSON), %.0f VR samples/s in all;"
                    + " decode %.0f, analysis %.0f, line protocol %.0f VR samples/s; %d events, %d MB of lines%n",
                    round, records.size(), bytes >> 20, vrSamples / total, rate(vrSamples, t1 - t0),
                    rate(vrSamples, t2 - t1), rate(vrSamples, t3 - t2), events, chars >> 20);
        }
    }

    private static double rate(long n, long nanos) {
        return n / (nanos / 1e9);
    }
}
