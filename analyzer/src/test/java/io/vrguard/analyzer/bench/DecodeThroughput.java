package io.vrguard.analyzer.bench;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;

/** Benchmark, not a test: host-sample decoding alone, rounds over a synthetic fleet's records. */
public final class DecodeThroughput {
    public static void main(String[] args) {
        int hosts = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        SyntheticFleet fleet = new SyntheticFleet("bench", hosts, 50, 10);
        List<byte[]> records = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            records.add(WireJson.encode(fleet.sample(h, 5)));
        }
        long bytes = records.stream().mapToLong(r -> r.length).sum();
        // alternating rounds, so a machine shared with other work loads both decoders alike
        for (int round = 0; round < rounds; round++) {
            for (boolean streaming : new boolean[] {true, false}) {
                long t = System.nanoTime();
                long vrs = 0;
                for (byte[] r : records) {
                    HostSample s = streaming ? WireJson.decode(r, HostSample.class)
                            : WireJson.mapper().readValue(r, HostSample.class);
                    vrs += s.routers().size();
                }
                double s = (System.nanoTime() - t) / 1e9;
                System.out.printf("round %d %s: %.0f MB/s, %.0f VR samples/s (%d B per host sample)%n", round,
                        streaming ? "streaming" : "binding  ", bytes / s / 1e6, vrs / s, bytes / hosts);
            }
        }
    }
}
