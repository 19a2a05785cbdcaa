package io.vrguard.analyzer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.analyzer.bench.Soak;
import io.vrguard.analyzer.bench.SyntheticFleet;
import io.vrguard.testkit.InfluxServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The soak of issue #7 shortened for the suite: 200 hosts x 50 VRs at 1 Hz for 15 s through a real KRaft broker,
 * the analyzer service and a real influxd. Nothing may be lost and the lag must drain; how fast is the
 * benchmark's business (analyzer/bench/soak.sh, docs/reliability.md), not this test's.
 */
class SoakIT {
    @TempDir
    Path dir;

    @Test
    void aPacedFleetIsStoredCompletelyAndTheLagDrains() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        try (InfluxServer influxd = InfluxServer.start()) {
            SyntheticFleet fleet = new SyntheticFleet("vrga-soak", 200, 50, 10);

            Soak.Result r = Soak.run(broker.getBrokersAsString(), influxd.url(), dir, fleet, Duration.ofSeconds(15),
                    Duration.ofSeconds(5), Duration.ofMinutes(5));

            System.out.printf("soak: sent %d host samples, InfluxDB holds %d of %d VR points and %d host_health"
                    + " points, lag drained%n", r.sentSamples(), r.vrPoints(), r.expectedVrPoints(),
                    r.healthPoints());
            assertThat(r.sentSamples()).isPositive().isEqualTo(r.sentSamples() / 200 * 200);
            assertThat(r.vrPoints()).isEqualTo(r.sentSamples() * 50);
            assertThat(r.healthPoints()).isEqualTo(r.sentSamples());
            assertThat(r.probes().get(r.probes().size() - 1).lag()).isZero();
        } finally {
            broker.destroy();
        }
    }
}
