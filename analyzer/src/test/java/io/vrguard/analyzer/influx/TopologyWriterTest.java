package io.vrguard.analyzer.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.analyzer.core.PaperFixtures;
import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * vr_cpu as a low-rate topology: written at first sight, on a change of what it says, and once per refresh
 * period of sample time; nothing in between; forgotten with the host.
 */
class TopologyWriterTest {
    private static final Duration EVERY = Duration.ofSeconds(60);
    private static final List<CpuSample> FOUR_CPUS = List.of(PaperFixtures.cpu(0, 90, 4), PaperFixtures.cpu(1, 30, 1),
            PaperFixtures.cpu(2, 5, 1), PaperFixtures.cpu(3, 5, 1));

    private final TopologyWriter writer = new TopologyWriter(EVERY);

    /** vr1 and vr2 on CPU 0, vr3 alone on CPU 3, at {@code second} seconds of sample time. */
    private static HostSample host(long second, List<Integer> vr3Cpus, VrSample... more) {
        List<VrSample> vrs = new ArrayList<>(List.of(vr("vr1", List.of(0)), vr("vr2", List.of(0)),
                vr("vr3", vr3Cpus)));
        vrs.addAll(List.of(more));
        return at(PaperFixtures.HOST, second, vrs);
    }

    private static HostSample at(String host, long second, List<VrSample> vrs) {
        return new HostSample(WireSchema.HOST_SAMPLE, host, second, PaperFixtures.T0.plusSeconds(second), 1000,
                1000.0, FOUR_CPUS, vrs, List.of());
    }

    private static VrSample vr(String name, List<Integer> cpus) {
        return PaperFixtures.vr(name, VrKind.KVM, 100, 100, 10, cpus);
    }

    /** The lines written for a sample, each without its fields' values and time: "vr_cpu,cpu=0,host=…,vr=vr1". */
    private List<String> written(HostSample s) {
        StringBuilder out = new StringBuilder();
        int n = writer.append(out, s);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(n);
        return lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
    }

    private static String key(String vr, int cpu) {
        return "vr_cpu,cpu=" + cpu + ",host=" + PaperFixtures.HOST + ",vr=" + vr;
    }

    @Test
    void theFirstSampleWritesEveryVrOnEachOfItsCpusWithHowManyVrsMayRunThere() {
        VrSample unpinned = PaperFixtures.vr("vr4", VrKind.LXC, 50, 50, 5, List.of());
        VrSample gone = new VrSample("vr5", VrKind.KVM, VrSample.STATE_GONE, 0, 0, 0, 0, 0, null, null, null, null,
                null, null, null, null, null, null, List.of(2), List.of());
        HostSample first = host(1, List.of(3), unpinned, gone);

        StringBuilder out = new StringBuilder();
        writer.append(out, first);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(' '))).containsExactly(
                key("vr1", 0), key("vr2", 0), key("vr3", 3), key("vr4", 0), key("vr4", 1), key("vr4", 2),
                key("vr4", 3));
        assertThat(lines.get(0)).as("vr1, vr2 and the unpinned vr4 may run on CPU 0")
                .endsWith(" cpusetSize=1i,vrsOnCpu=3i " + first.timestamp().toEpochMilli());
        assertThat(lines.get(2)).contains(" cpusetSize=1i,vrsOnCpu=2i ");
        assertThat(lines.get(5)).as("an empty cpuset is every CPU of the host").contains(" cpusetSize=4i,vrsOnCpu=1i ");
        assertThat(out.toString()).as("topology only: the VR's figures are in vr").doesNotContain("Kpps", "cpuPercent");
    }

    @Test
    void unchangedSamplesWithinThePeriodWriteNothing() {
        assertThat(written(host(1, List.of(3)))).hasSize(3);
        for (long second = 2; second < 61; second++) {
            assertThat(written(host(second, List.of(3)))).as("second " + second).isEmpty();
        }
    }

    @Test
    void aChangedCpusetIsWrittenAtOnceAndOnlyWhereThePointsChange() {
        written(host(1, List.of(3)));

        assertThat(written(host(2, List.of(2)))).as("vr3 moved from CPU 3 to CPU 2, alone on both")
                .containsExactly(key("vr3", 2));
        assertThat(written(host(3, List.of(0)))).as("vr3 joins CPU 0: now 3 VRs may run there")
                .containsExactly(key("vr1", 0), key("vr2", 0), key("vr3", 0));
        assertThat(written(host(4, List.of(0)))).isEmpty();
    }

    @Test
    void aNewVrIsWrittenWithTheNeighboursWhoseCountChanged() {
        written(host(1, List.of(3)));

        assertThat(written(host(2, List.of(3), vr("vr9", List.of(0)))))
                .containsExactly(key("vr1", 0), key("vr2", 0), key("vr9", 0));
    }

    @Test
    void thePeriodElapsingWritesAgain() {
        written(host(1, List.of(3)));
        written(host(2, List.of(2))); // vr3 changed at second 2

        assertThat(written(host(60, List.of(2)))).isEmpty();
        assertThat(written(host(61, List.of(2)))).as("60 s after vr1's and vr2's last write")
                .containsExactly(key("vr1", 0), key("vr2", 0));
        assertThat(written(host(62, List.of(2)))).as("60 s after vr3's").containsExactly(key("vr3", 2));
        assertThat(written(host(63, List.of(2)))).isEmpty();
    }

    @Test
    void aRetriedOrRepeatedSampleWritesItsPointsAgain() {
        HostSample first = host(1, List.of(3));
        written(first);
        written(host(2, List.of(3)));

        assertThat(written(first)).as("a batch retried after a failed write: the same points, the same times")
                .hasSize(3);
        assertThat(written(host(2, List.of(3)))).isEmpty();
    }

    @Test
    void forgettingAHostDropsItsStateSoItsNextSampleIsWrittenInFull() {
        written(host(1, List.of(3)));
        written(at("other-host", 1, List.of(vr("vr1", List.of(1)))));
        assertThat(writer.hosts()).isEqualTo(2);

        writer.forget(PaperFixtures.HOST);

        assertThat(writer.hosts()).isEqualTo(1);
        assertThat(written(host(2, List.of(3)))).hasSize(3);
        assertThat(written(at("other-host", 2, List.of(vr("vr1", List.of(1)))))).isEmpty();
    }

    @Test
    void aVrThatLeftItsHostsSamplesIsForgotten() {
        written(host(1, List.of(3), vr("vr9", List.of(1))));
        assertThat(writer.vrs(PaperFixtures.HOST)).isEqualTo(4);

        written(host(2, List.of(3)));

        assertThat(writer.vrs(PaperFixtures.HOST)).isEqualTo(3);
    }

    @Test
    void linesAreTheClientsOwnEncodingOfTheSamePoints() {
        VrSample odd = PaperFixtures.vr("vr one,a=b", VrKind.LXC, 1, 1, 1, List.of());
        HostSample s = new HostSample(WireSchema.HOST_SAMPLE, "host x", 1, Instant.parse("2026-11-21T10:00:00Z"),
                1000, 1000.0, FOUR_CPUS, List.of(vr("vr1", List.of(2, 0)), odd), List.of());
        TopologyWriter.Due due = new TopologyWriter(EVERY).due(s);

        StringBuilder direct = new StringBuilder();
        LineProtocol.topology(direct, s, due);

        List<String> viaClient = Points.topology(s, due).stream().map(p -> p.lineProtocol(TimeUnit.MILLISECONDS))
                .toList();
        assertThat(direct.toString().lines().toList()).isEqualTo(viaClient).hasSize(6);
        assertThat(viaClient.get(0)).as("CPUs in order, whatever order the cpuset came in")
                .startsWith("vr_cpu,cpu=0,host=host\\ x,vr=vr1 cpusetSize=2i,vrsOnCpu=2i ");
    }

    @Test
    void thePeriodMustBePositive() {
        assertThatThrownBy(() -> new TopologyWriter(Duration.ZERO)).hasMessageContaining("must be positive");
    }
}
