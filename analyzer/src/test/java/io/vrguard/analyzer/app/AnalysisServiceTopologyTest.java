package io.vrguard.analyzer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.analyzer.core.DetectionSettings;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.PaperFixtures;
import io.vrguard.analyzer.influx.InfluxWriter;
import io.vrguard.analyzer.influx.TopologyWriter;
import io.vrguard.analyzer.kafka.OutputPublisher;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrKind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/** The service writes the CPU topology when due, keeps it over a retried batch, and forgets revoked hosts. */
class AnalysisServiceTopologyTest {
    private static final String OTHER = "kvm-host-2";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingWriter influx = new RecordingWriter(registry);
    private final AnalysisService service = new AnalysisService(
            new FleetAnalysis(DetectionSettings.defaults(), PaperFixtures.policies()), influx,
            new OutputPublisher(null, null, "unused", registry), null, registry,
            Clock.fixed(PaperFixtures.T0, ZoneOffset.UTC), Duration.ofSeconds(3), 5000, null,
            new TopologyWriter(Duration.ofSeconds(60)));

    /** InfluxDB stand-in: keeps the lines of every chunk written; fails the next write when told to. */
    static final class RecordingWriter extends InfluxWriter {
        final List<String> lines = new ArrayList<>();
        boolean failNext;

        RecordingWriter(SimpleMeterRegistry registry) {
            super(null, new AnalyzerProperties.Influx(URI.create("http://localhost:8086"), "vrguard", null, null, 1,
                    Duration.ofMillis(1), Duration.ofMillis(1)), registry);
        }

        @Override
        public void write(List<Point> points) {
        }

        @Override
        public void writeAll(List<Chunk> chunks) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("influxd is down");
            }
            chunks.forEach(c -> lines.addAll(c.lines().lines().toList()));
        }

        List<String> topology() {
            List<String> out = lines.stream().filter(l -> l.startsWith("vr_cpu,")).map(l -> l.substring(0,
                    l.indexOf(' '))).toList();
            lines.clear();
            return out;
        }
    }

    private static HostSample kvmHost(long seq) {
        return PaperFixtures.withoutSharesRow(1, seq);
    }

    private static HostSample otherHost(long seq) {
        return PaperFixtures.host(OTHER, seq, List.of(PaperFixtures.cpu(0, 20, 1)),
                List.of(PaperFixtures.vr("vr7", VrKind.KVM, 100, 100, 10, List.of(0))));
    }

    private void process(long seq) {
        service.process(List.of(kvmHost(seq), otherHost(seq)), List.of(0, 1));
    }

    @Test
    void theCpuMapIsWrittenAtFirstSightThenNotAgainWithinThePeriod() {
        process(1);
        assertThat(influx.topology()).containsExactly("vr_cpu,cpu=0,host=kvm-host-1,vr=vr1",
                "vr_cpu,cpu=0,host=kvm-host-1,vr=vr2", "vr_cpu,cpu=0,host=kvm-host-2,vr=vr7");

        process(2);
        assertThat(influx.lines).as("the per-interval points go on").anyMatch(l -> l.startsWith("vr,"));
        assertThat(influx.topology()).isEmpty();
    }

    @Test
    void aBatchRetriedAfterAFailedWriteStillCarriesItsCpuMap() {
        influx.failNext = true;
        assertThatThrownBy(() -> process(1)).hasMessageContaining("influxd is down");

        process(1); // the container retries the same records

        assertThat(influx.topology()).hasSize(3);
    }

    @Test
    void revokingAPartitionForgetsItsHostsSoTheNewOwnersFirstSampleWritesItAgain() {
        process(1);
        process(2);
        influx.topology();

        service.forgetPartitions(List.of(0));
        process(3);

        assertThat(influx.topology()).as("kvm-host-1 was on the revoked partition 0; kvm-host-2 stays known")
                .containsExactly("vr_cpu,cpu=0,host=kvm-host-1,vr=vr1", "vr_cpu,cpu=0,host=kvm-host-1,vr=vr2");
    }
}
