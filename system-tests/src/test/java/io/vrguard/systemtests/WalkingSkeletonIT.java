package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every seam real: kernel counters of a VR built from network namespaces carrying paced UDP, the collector jar, a
 * KRaft broker, the analyzer jar and influxd. The rate InfluxDB holds must match what the source sent within 2%.
 */
class WalkingSkeletonIT {
    private static final double OFFERED_PPS = 4000;

    @TempDir
    Path workDir;

    @Test
    void packetRateTravelsFromKernelToInfluxDb() {
        try (Pipeline pipeline = new Pipeline("vrgs", workDir, "1s");
             StoredRates stored = new StoredRates(pipeline.influx().url(), Pipeline.DATABASE);
             StoredHealth health = new StoredHealth(pipeline.influx().url(), Pipeline.DATABASE)) {
            // traffic only once samples go all the way through: two JVMs start slowly on a loaded machine
            try {
                await("the pipeline stores samples").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .failFast("a service exited",
                                () -> !pipeline.collector().isAlive() || !pipeline.analyzer().isAlive())
                        .until(() -> !health.seqs(Pipeline.HOST_ID).isEmpty());
            } catch (RuntimeException e) {
                throw new AssertionError("no samples stored; collector log:\n" + pipeline.collector().logTail(30)
                        + "\nanalyzer log:\n" + pipeline.analyzer().logTail(30), e);
            }
            pipeline.vr().startTraffic(OFFERED_PPS, 20, workDir.resolve("sent.txt"));

            await("six full intervals of traffic in InfluxDB").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .failFast("a service exited", () -> !pipeline.collector().isAlive() || !pipeline.analyzer().isAlive())
                    .until(() -> stored.busyRates(Pipeline.HOST_ID, Pipeline.VR_NAME, OFFERED_PPS).size() >= 6);

            List<Double> rates = stored.busyRates(Pipeline.HOST_ID, Pipeline.VR_NAME, OFFERED_PPS);
            // The first and last busy intervals may be partly idle; the ones between carry the full rate.
            List<Double> full = rates.subList(1, rates.size() - 1);
            System.out.printf("offered %.0f pps; stored rx pps per interval: %s%n", OFFERED_PPS, full);
            assertThat(full).allSatisfy(pps -> assertThat(pps).isCloseTo(OFFERED_PPS,
                    org.assertj.core.data.Percentage.withPercentage(2)));
        }
    }
}
