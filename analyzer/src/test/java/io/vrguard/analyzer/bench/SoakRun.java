package io.vrguard.analyzer.bench;

import io.vrguard.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Benchmark run of the soak (issue #7 "Load"): HOSTS x VRS at 1 Hz for MINUTES through a broker process, the
 * analyzer service and influxd. Run by analyzer/bench/soak.sh.
 */
public final class SoakRun {
    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(args[0]);
        int vrs = Integer.parseInt(args[1]);
        Duration duration = Duration.ofMinutes(Long.parseLong(args[2]));
        Path dir = Files.createTempDirectory("vrgz-soak-");
        try {
            run(hosts, vrs, duration, dir);
        } finally {
            BenchBroker.deleteTree(dir);
        }
    }

    private static void run(int hosts, int vrs, Duration duration, Path dir) throws Exception {
        try (BenchBroker broker = new BenchBroker(dir.resolve("kafka")); InfluxServer influxd = InfluxServer.start()) {
            Soak.Result r = Soak.run(broker.bootstrapServers(), influxd.url(), dir.resolve("analyzer"),
                    new SyntheticFleet("soak", hosts, vrs, 10), duration, Duration.ofSeconds(10),
                    Duration.ofMinutes(Long.parseLong(System.getProperty("soak.drainMinutes", "10"))));
            long maxLag = r.probes().stream().mapToLong(Soak.Probe::lag).max().orElse(0);
            System.out.printf("== soak %d hosts x %d VRs at 1 Hz for %s: sent %d host samples; InfluxDB holds %d"
                    + " of %d VR points and %d of %d host_health points (%s); max lag %d host samples; drained"
                    + " %.0f s after the fleet stopped%n", hosts, vrs, duration, r.sentSamples(), r.vrPoints(),
                    r.expectedVrPoints(), r.healthPoints(), r.sentSamples(), r.nothingLost() ? "nothing lost"
                    : "MISSING", maxLag, r.drainSeconds());
            System.out.printf("== committed by the analyzer: %d host samples; InfluxDB holds %d VR points, %s the"
                    + " %d of the committed samples (commit only after the write)%n", r.committedSamples(),
                    r.vrPoints(), r.vrPoints() >= r.committedSamples() * vrs ? "at least" : "FEWER THAN",
                    r.committedSamples() * vrs);
            System.out.printf("== fleet send rate achieved: %.0f host samples/s (target %d)%n",
                    r.sentSamples() / (double) duration.toSeconds(), hosts);
            System.out.printf("== InfluxDB holds the VR points of %.0f host samples of the %d sent%n",
                    r.vrPoints() / (double) vrs, r.sentSamples());
        }
    }
}
