package io.vrguard.analyzer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.analyzer.core.DetectionSettings;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.PaperFixtures;
import io.vrguard.analyzer.core.PlannedCommand;
import io.vrguard.analyzer.influx.TopologyWriter;
import io.vrguard.analyzer.kafka.OutputPublisher;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrKind;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The stale check while the consumer lags on one partition only, or cannot store: a host whose samples are
 * queued behind a backlog taken over from a dead instance, or wait for InfluxDB, is not stale; a host really
 * silent still is.
 */
class AnalysisServiceStaleTest {
    private static final int LIVE = 0;
    private static final int BACKLOG = 1;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ViolationEvent> published = new ArrayList<>();
    private boolean kafkaDown;
    private final AnalysisServiceTopologyTest.RecordingWriter writer =
            new AnalysisServiceTopologyTest.RecordingWriter(registry);
    private final AnalysisService service = new AnalysisService(
            new FleetAnalysis(DetectionSettings.defaults(), PaperFixtures.policies()), writer,
            new OutputPublisher(null, null, "unused", registry) {
                @Override
                public void publish(List<ViolationEvent> events, List<PlannedCommand> commands) {
                    if (kafkaDown) {
                        throw new IllegalStateException("publishing to Kafka failed: broker down");
                    }
                    published.addAll(events);
                }
            }, null, registry, Clock.fixed(PaperFixtures.T0, ZoneOffset.UTC), Duration.ofSeconds(3), 5000, null,
            new TopologyWriter(Duration.ofSeconds(60)));

    private static HostSample host(String name, long seq) {
        return PaperFixtures.host(name, seq, List.of(PaperFixtures.cpu(0, 20, 1)),
                List.of(PaperFixtures.vr("vr1", VrKind.KVM, 100, 100, 10, List.of(0))));
    }

    /** The live partition's hosts run 10 s ahead of the backlog's first samples, as after a 10 s session timeout. */
    private void takeOverBacklog(long backlogLag) {
        service.lags(Map.of(LIVE, OptionalLong.of(0), BACKLOG, OptionalLong.of(backlogLag)));
        for (long seq = 1; seq <= 12; seq++) {
            service.process(List.of(host("live-1", seq)), List.of(LIVE));
        }
        service.process(List.of(host("taken-1", 2), host("taken-2", 2)), List.of(BACKLOG, BACKLOG));
    }

    private List<String> staleHosts() {
        service.tick(PaperFixtures.T0); // the clock says "busy": no wall-clock judgement
        return openedStale();
    }

    private List<String> openedStale() {
        return published.stream().filter(e -> e.type() == ViolationType.STALE)
                .filter(e -> e.event().equals(ViolationEvent.OPENED)).map(ViolationEvent::host).toList();
    }

    @Test
    void hostsQueuedBehindATakenOverBacklogAreNotStale() {
        takeOverBacklog(100);

        assertThat(staleHosts()).isEmpty();
    }

    @Test
    void aHostSilentWhileItsPartitionMovesOnIsStaleEvenDuringTheBacklog() {
        takeOverBacklog(100);
        for (long seq = 3; seq <= 8; seq++) {
            service.process(List.of(host("taken-1", seq)), List.of(BACKLOG));
        }

        assertThat(staleHosts()).containsExactly("taken-2");
    }

    @Test
    void onceThePartitionIsReadToItsEndItsSilentHostsAreJudgedByTheFleet() {
        takeOverBacklog(0);

        assertThat(staleHosts()).containsExactlyInAnyOrder("taken-1", "taken-2");
    }

    @Test
    void whileABatchCannotBeStoredTheWallClockJudgesNoHostAndAfterwardsItDoes() {
        service.lags(Map.of(LIVE, OptionalLong.of(0)));
        service.process(List.of(host("live-1", 1)), List.of(LIVE));
        writer.failNext = true;
        assertThatThrownBy(() -> service.process(List.of(host("live-1", 2)), List.of(LIVE)));

        // a minute later, the batch still waits for its retry: its host is not silent, InfluxDB is down
        service.tick(PaperFixtures.T0.plusSeconds(60));
        assertThat(openedStale()).isEmpty();

        service.process(List.of(host("live-1", 2)), List.of(LIVE)); // the retry
        service.tick(PaperFixtures.T0.plusSeconds(60));
        assertThat(openedStale()).as("stored, and nothing since: now it is silent").containsExactly("live-1");
    }

    @Test
    void aStaleAlarmThatCouldNotBePublishedIsPublishedByTheNextTick() {
        service.lags(Map.of(LIVE, OptionalLong.of(0)));
        service.process(List.of(host("live-1", 1)), List.of(LIVE));
        kafkaDown = true;
        service.tick(PaperFixtures.T0.plusSeconds(60));
        assertThat(openedStale()).isEmpty();

        kafkaDown = false;
        service.tick(PaperFixtures.T0.plusSeconds(61));

        assertThat(openedStale()).containsExactly("live-1");
        assertThat(registry.counter("analyzer.tick.failed").count()).isEqualTo(1);
    }

    @Test
    void aRevokedPartitionIsForgottenAndItsNextOwnerStartsFromItsOwnSamples() {
        takeOverBacklog(0);
        service.forgetPartitions(List.of(BACKLOG));
        service.process(List.of(host("taken-1", 4)), List.of(BACKLOG)); // lag unknown after the move

        assertThat(staleHosts()).isEmpty();
    }
}
