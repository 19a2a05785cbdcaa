package io.vrguard.collector.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.collector.core.HostReading;
import io.vrguard.collector.core.IfReading;
import io.vrguard.collector.core.VrReading;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.MergedDiscovery;
import io.vrguard.protocol.SampleProblem;
import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostReaderTest {
    @TempDir
    Path dir;

    static Path fixture(String name) throws Exception {
        return Path.of(HostReaderTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void readsAFixtureHostThroughTheSameCodeAndReportsBadFilesAsProblems() throws Exception {
        HostRoots roots = HostRoots.under(fixture("host-v2"));
        AtomicLong mono = new AtomicLong();
        HostReader reader = new HostReader(roots, MergedDiscovery.forHost(roots, null, ""), Clock.systemUTC(),
                mono::incrementAndGet, 10);

        HostReading r = reader.read();

        assertThat(r.softirqs()).containsOnlyKeys(0, 1);
        assertThat(r.softnet()).containsOnlyKeys(0);
        assertThat(r.cpuTimes()).containsOnlyKeys(0, 1);
        assertThat(r.routers()).extracting(VrReading::name).containsExactly("vm1", "ct1");

        VrReading vm1 = r.routers().get(0);
        assertThat(vm1.kind()).isEqualTo(VrKind.KVM);
        IfReading vnet3 = vm1.interfaces().get(0);
        assertThat(vnet3.swapped()).isTrue();
        assertThat(vnet3.key().ifindex()).isEqualTo(12);
        assertThat(vnet3.counters().txDropped()).isEqualTo(7);
        assertThat(vnet3.rpsCpus()).containsExactly(1);

        VrReading ct1 = r.routers().get(1);
        assertThat(ct1.interfaces()).singleElement().satisfies(i -> {
            assertThat(i.swapped()).isFalse();
            assertThat(i.counters().rxPackets()).isEqualTo(10);
        });
        assertThat(ct1.cgroup().usageNs()).isEqualTo(2_000_000_000L);
        assertThat(ct1.cgroup().weight()).isEqualTo(200);
        assertThat(ct1.cgroup().quotaUs()).isEqualTo(50_000);
        assertThat(ct1.cgroup().throttledNs()).isEqualTo(3_000_000L);
        assertThat(ct1.cgroup().cpus()).containsExactly(0, 1);

        assertThat(vm1.cgroup().usageNs()).isEqualTo(10_000L);
        assertThat(vm1.cgroup().weight()).isNull();
        assertThat(r.problems()).extracting(SampleProblem::source)
                .contains("/proc/net/softnet_stat", "vm1/cgroup", "ct1/net/dev");
        assertThat(r.problems()).filteredOn(p -> p.source().equals("vm1/cgroup")).singleElement()
                .extracting(SampleProblem::skippedLines).isEqualTo(2);
    }

    @Test
    void cgroupSettingsAreReadEverySettingsEveryReadsAndAfterEachRefresh() throws Exception {
        Path host = copy(fixture("host-v2"), dir.resolve("host"));
        Path weight = host.resolve("sys/fs/cgroup/lxc.payload.ct1/cpu.weight");
        HostRoots roots = HostRoots.under(host);
        HostReader reader = new HostReader(roots, MergedDiscovery.forHost(roots, null, ""), Clock.systemUTC(),
                new AtomicLong()::incrementAndGet, 7, 3);

        List<Long> seen = new ArrayList<>();
        for (int read = 0; read < 9; read++) {
            Files.writeString(weight, String.valueOf(100 + read)); // the enforcer changes it before every read
            seen.add(reader.read().routers().get(1).cgroup().weight());
        }
        // read 0: first read and a refresh; 3 and 6: due; 7: a refresh; the rest keep the last value read
        assertThat(seen).containsExactly(100L, 100L, 100L, 103L, 103L, 103L, 106L, 107L, 107L);
    }

    /** A writable copy of a fixture tree, for tests that change files between reads. */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
