package io.vrguard.collector.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.collector.core.HostReading;
import io.vrguard.collector.core.Mutations;
import io.vrguard.collector.core.SampleBuilder;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.MergedDiscovery;
import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.HostSampleWriter;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whole samples from a host whose files change between the two reads in any way: a fixture host (libvirt VM, LXC
 * container, cgroup v2) is read, then one of its /proc, /sys or cgroup files is replaced by a mutation of itself or by
 * generated text, and read again. Never an exception out of the sample; every rate finite, never negative, never
 * beyond what the kernel can produce; every CPU percentage within 0..100.
 */
class SamplePropertiesTest {
    private static final List<String> FILES = List.of("proc/net/dev", "proc/4242/net/dev", "proc/softirqs",
            "proc/net/softnet_stat", "proc/stat", "proc/interrupts",
            "sys/fs/cgroup/lxc.payload.ct1/cpu.stat", "sys/fs/cgroup/lxc.payload.ct1/cpu.max",
            "sys/fs/cgroup/lxc.payload.ct1/cpu.weight", "sys/fs/cgroup/lxc.payload.ct1/cpuset.cpus.effective",
            "sys/fs/cgroup/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope/cpu.stat",
            "sys/class/net/vnet3/queues/rx-0/rps_cpus", "sys/class/net/vnet3/ifindex",
            "run/libvirt/qemu/vm1.xml", "sys/fs/cgroup/lxc.payload.ct1/cgroup.procs");

    record Edit(String file, int mutationSeed, String generated, boolean useGenerated, boolean refreshBetween) {
    }

    @Provide
    Arbitrary<Edit> edits() {
        return Combinators.combine(Arbitraries.of(FILES), Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.oneOf(Mutations.kernelishText(), Mutations.numericLines()), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(Edit::new);
    }

    @Property(tries = 50)
    void noExceptionAndNoNegativeOrAbsurdRateWhateverAFileBecomes(@ForAll("edits") Edit edit) throws Exception {
        Path root = Files.createTempDirectory("vrgc-prop");
        try {
            HostReaderTest.copy(HostReaderTest.fixture("host-v2"), root);
            HostRoots roots = HostRoots.under(root);
            AtomicLong mono = new AtomicLong(1_000_000_000L);
            HostReader reader = new HostReader(roots, MergedDiscovery.forHost(roots, null, ""), Clock.systemUTC(),
                    mono::get, edit.refreshBetween() ? 1 : 10);
            HostReading first = reader.read();

            Path file = root.resolve(edit.file());
            String original = Files.readString(file);
            String replaced = edit.useGenerated() ? edit.generated()
                    : Mutations.mutationsOf(original).generator(1000).next(new java.util.Random(edit.mutationSeed()))
                            .value();
            Files.writeString(file, replaced);
            mono.addAndGet(1_000_000_000L);
            HostReading second = reader.read();

            HostSample sample = SampleBuilder.build("h", 1, Instant.EPOCH, 1000, first, second);
            assertSane(sample);
            // what the agent publishes (HostSampleWriter) is WireJson's JSON and reads back to the sample
            byte[] written = new HostSampleWriter().encode(sample);
            assertThat(WireJson.mapper().readTree(written))
                    .isEqualTo(WireJson.mapper().readTree(WireJson.encode(sample)));
            assertThat(WireJson.decode(written, HostSample.class)).isEqualTo(sample);
        } finally {
            delete(root);
        }
    }

    static void assertSane(HostSample sample) {
        for (CpuSample c : sample.cpus()) {
            assertThat(List.of(c.netRxPerSec(), c.netTxPerSec(), c.softnetProcessedPerSec(),
                    c.softnetDroppedPerSec(), c.timeSqueezePerSec())).allMatch(SamplePropertiesTest::sane);
            assertThat(List.of(c.busyPercent(), c.softirqPercent(), c.irqPercent()))
                    .allMatch(p -> Double.isFinite(p) && p >= 0 && p <= 100);
        }
        for (VrSample vr : sample.routers()) {
            List<Double> rates = new ArrayList<>(List.of(vr.rxPps(), vr.txPps(), vr.dropPps(), vr.offeredPps(),
                    vr.deliveredPps()));
            Stream.of(vr.cpuPercent(), vr.cpuUserPercent(), vr.cpuSystemPercent(), vr.softirqPercentEstimate(),
                    vr.throttledPeriodsPerSec(), vr.throttledMsPerSec()).filter(v -> v != null).forEach(rates::add);
            for (InterfaceSample i : vr.interfaces()) {
                rates.addAll(List.of(i.rxPps(), i.txPps(), i.rxDropPps(), i.txDropPps()));
            }
            assertThat(rates).as(vr.toString()).allMatch(SamplePropertiesTest::sane);
        }
    }

    private static boolean sane(double rate) {
        return Double.isFinite(rate) && rate >= 0 && rate <= 1e10;
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
