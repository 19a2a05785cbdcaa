package io.vrguard.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.IrqAffinity;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleBuilderTest {
    private static final long SECOND = 1_000_000_000L;

    private static NetDevCounters dev(long rxPackets, long rxDropped, long txPackets, long txDropped) {
        return new NetDevCounters(0, rxPackets, 0, rxDropped, 0, 0, txPackets, 0, txDropped, 0);
    }

    private static IfReading iface(String name, int ifindex, boolean swapped, NetDevCounters c) {
        return new IfReading(name, new IfKey(4026531840L, ifindex, name), swapped, c, List.of(), List.of());
    }

    private static HostReading host(long mono, List<VrReading> vrs) {
        return new HostReading(mono, Instant.EPOCH, Map.of(), Map.of(), Map.of(), vrs, List.of());
    }

    private static VrReading vr(String name, CgroupReading cg, IfReading... ifs) {
        return new VrReading(name, VrKind.KVM, List.of(ifs), cg);
    }

    private static HostSample build(HostReading a, HostReading b) {
        return SampleBuilder.build("h1", 7, Instant.EPOCH, 1000, a, b);
    }

    @Test
    void ratesDivideByTheRealElapsedMonotonicTime() {
        HostReading a = host(0, List.of(vr("vr1", null, iface("eth0", 2, false, dev(1000, 0, 500, 0)))));
        HostReading b = host(2 * SECOND, List.of(vr("vr1", null, iface("eth0", 2, false, dev(3000, 10, 1500, 4)))));

        HostSample s = build(a, b);

        assertThat(s.elapsedMs()).isEqualTo(2000.0);
        VrSample v = s.routers().get(0);
        assertThat(v.state()).isEqualTo("ok");
        assertThat(v.rxPps()).isEqualTo(1000.0);
        assertThat(v.txPps()).isEqualTo(500.0);
        assertThat(v.dropPps()).isEqualTo(7.0);
        assertThat(v.offeredPps()).isEqualTo(1005.0);
        assertThat(v.deliveredPps()).isEqualTo(500.0);
        InterfaceSample i = v.interfaces().get(0);
        assertThat(i.rxDropPps()).isEqualTo(5.0);
        assertThat(i.txDropPps()).isEqualTo(2.0);
        assertThat(i.counters().rxPackets()).isEqualTo(3000);
    }

    @Test
    void eachVrsRatesUseTheTimeOfItsOwnReadNotTheHostFiles() {
        // the sampler was descheduled for 250 ms after the host files of the second read: vr1 was read 1.25 s
        // after its first read, so its 5000 packets are 4000 pps, not 5000
        List<IfReading> first = List.of(iface("eth0", 2, false, dev(0, 0, 0, 0)));
        List<IfReading> second = List.of(iface("eth0", 2, false, dev(5000, 0, 5000, 0)));
        HostReading a = host(0, List.of(new VrReading("vr1", VrKind.KVM, first, null, null, 10_000_000L)));
        HostReading b = host(SECOND, List.of(new VrReading("vr1", VrKind.KVM, second, null, null,
                10_000_000L + SECOND + SECOND / 4)));

        VrSample v = build(a, b).routers().get(0);

        assertThat(v.rxPps()).isEqualTo(4000.0);
        assertThat(v.interfaces().get(0).txPps()).isEqualTo(4000.0);
        assertThat(build(a, b).elapsedMs()).as("the host's interval").isEqualTo(1000.0);
    }

    @Test
    void hostSideTapIsSwappedAndItsTxDroppedIsTheVrsRxDrop() {
        // host tap: rx = what the guest sent, tx = what reached the guest, tx_dropped = guest did not drain
        HostReading a = host(0, List.of(vr("vm1", null, iface("vnet3", 9, true, dev(100, 0, 800, 0)))));
        HostReading b = host(SECOND, List.of(vr("vm1", null, iface("vnet3", 9, true, dev(782, 0, 1600, 118)))));

        VrSample v = build(a, b).routers().get(0);

        assertThat(v.rxPps()).isEqualTo(800.0);
        assertThat(v.txPps()).isEqualTo(682.0);
        assertThat(v.offeredPps()).isEqualTo(918.0);
        assertThat(v.deliveredPps()).isEqualTo(682.0);
        assertThat(v.interfaces().get(0).rxDropPps()).isEqualTo(118.0);
        assertThat(v.interfaces().get(0).counters().rxPackets()).isEqualTo(1600);
        assertThat(v.interfaces().get(0).counters().txDropped()).isZero();
        assertThat(v.interfaces().get(0).counters().rxDropped()).isEqualTo(118);
    }

    @Test
    void reCreatedInterfaceIsAResetNeverAHugeOrNegativeRate() {
        HostReading a = host(0, List.of(vr("vr1", null, iface("veth1", 5, false, dev(1_000_000, 0, 9, 0)))));
        HostReading sameNameNewIndex = host(SECOND, List.of(vr("vr1", null, iface("veth1", 6, false,
                dev(2_000_000, 0, 10, 0)))));
        HostReading counterDown = host(SECOND, List.of(vr("vr1", null, iface("veth1", 5, false, dev(3, 0, 10, 0)))));

        for (HostReading b : List.of(sameNameNewIndex, counterDown)) {
            VrSample v = build(a, b).routers().get(0);
            assertThat(v.state()).isEqualTo("reset");
            assertThat(v.interfaces().get(0).state()).isEqualTo("reset");
            assertThat(v.rxPps()).isZero();
            assertThat(v.txPps()).isZero();
        }
    }

    @Test
    void goneInterfaceAndGoneVrAreReportedNotErrors() {
        HostReading a = host(0, List.of(
                vr("vr1", null, iface("eth0", 2, false, dev(1, 0, 1, 0)), iface("eth1", 3, false, dev(1, 0, 1, 0))),
                vr("vr2", null, iface("eth0", 2, false, dev(1, 0, 1, 0)))));
        HostReading b = host(SECOND, List.of(
                vr("vr1", null, iface("eth0", 2, false, dev(11, 0, 1, 0)), iface("eth1", 0, false, null))));

        HostSample s = build(a, b);

        assertThat(s.routers()).extracting(VrSample::name, VrSample::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vr1", "ok"),
                        org.assertj.core.groups.Tuple.tuple("vr2", "gone"));
        assertThat(s.routers().get(0).interfaces()).extracting(InterfaceSample::state).containsExactly("ok", "gone");
        assertThat(s.routers().get(0).rxPps()).isEqualTo(10.0);
    }

    @Test
    void newVrHasNoRatesYet() {
        HostReading a = host(0, List.of());
        HostReading b = host(SECOND, List.of(vr("vr1", null, iface("eth0", 2, false, dev(5, 0, 5, 0)))));
        VrSample v = build(a, b).routers().get(0);
        assertThat(v.state()).isEqualTo("new");
        assertThat(v.rxPps()).isZero();
    }

    @Test
    void thirtyTwoBitCountersWrap() {
        assertThat(Counters.delta32(0xffff_fff0L, 0x10L)).isEqualTo(0x20);
        assertThat(Counters.delta32(5, 5)).isZero();
        assertThat(Counters.delta64(10, 5)).isEqualTo(Counters.RESET);
        assertThat(Counters.rate(Counters.RESET, 1)).isZero();

        HostReading a = new HostReading(0, Instant.EPOCH, Map.of(0, new SoftirqCounts(0xffff_ff00L, 10)),
                Map.of(0, new SoftnetCounts(0xffff_fffeL, 0, 0)),
                Map.of(0, new CpuTimes(100, 0, 100, 700, 0, 0, 100, 0)), List.of(), List.of());
        HostReading b = new HostReading(SECOND / 2, Instant.EPOCH, Map.of(0, new SoftirqCounts(0x100L, 10)),
                Map.of(0, new SoftnetCounts(0x8L, 1, 2)),
                Map.of(0, new CpuTimes(110, 0, 120, 710, 0, 0, 110, 0)), List.of(), List.of());
        var cpu = build(a, b).cpus().get(0);
        assertThat(cpu.netRxPerSec()).isEqualTo(0x200 * 2.0);
        assertThat(cpu.softnetProcessedPerSec()).isEqualTo(20.0);
        assertThat(cpu.softnetDroppedPerSec()).isEqualTo(2.0);
        assertThat(cpu.timeSqueezePerSec()).isEqualTo(4.0);
        assertThat(cpu.busyPercent()).isCloseTo(80.0, within(1e-9));
        assertThat(cpu.softirqPercent()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void cgroupCpuThrottlingAndItsReset() {
        CgroupReading c0 = new CgroupReading(1_000_000_000L, 600_000_000L, 400_000_000L, 10L, 1L, 0L, 2048L, null,
                50_000L, 100_000L, List.of(0, 1));
        CgroupReading c1 = new CgroupReading(1_500_000_000L, 900_000_000L, 600_000_000L, 20L, 6L, 100_000_000L,
                2048L, null, 50_000L, 100_000L, List.of(0, 1));
        HostReading a = host(0, List.of(vr("vm1", c0)));
        HostReading b = host(SECOND, List.of(vr("vm1", c1)));

        VrSample v = build(a, b).routers().get(0);

        assertThat(v.cpuPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(v.cpuUserPercent()).isCloseTo(30.0, within(1e-9));
        assertThat(v.throttledPeriodsPerSec()).isEqualTo(5.0);
        assertThat(v.throttledMsPerSec()).isCloseTo(100.0, within(1e-9));
        assertThat(v.cpuShares()).isEqualTo(2048L);
        assertThat(v.quotaUs()).isEqualTo(50_000L);
        assertThat(v.cpus()).containsExactly(0, 1);

        VrSample afterReset = build(b, host(2 * SECOND, List.of(vr("vm1", c0)))).routers().get(0);
        assertThat(afterReset.state()).isEqualTo("reset");
        assertThat(afterReset.cpuPercent()).isZero();
    }

    @Test
    void softirqEstimateSharesEachCpuByPacketRateOnTheCpusTheIrqsAndRpsTarget() {
        var cpu0 = new io.vrguard.protocol.CpuSample(0, 0, 0, 0, 0, 0, 50, 30, 0);
        var cpu1 = new io.vrguard.protocol.CpuSample(1, 0, 0, 0, 0, 0, 50, 10, 0);
        var a = new InterfaceSample("eth0", "ok", 300, 0, 0, 0, null,
                List.of(new IrqAffinity(40, List.of(0, 1), List.of(0))), List.of());
        var b = new InterfaceSample("veth1", "ok", 100, 0, 0, 0, null, List.of(), List.of(0));
        var c = new InterfaceSample("veth2", "ok", 50, 50, 0, 0, null, List.of(), List.of()); // no target: all

        Map<String, Double> est = SoftirqEstimate.of(Map.of("A", List.of(a), "B", List.of(b), "C", List.of(c)),
                List.of(cpu0, cpu1));

        // CPU0 weights: A 300, B 100, C 50 → 30% split 2/3, 2/9, 1/9; CPU1: only C (50) → 10%
        assertThat(est.get("A")).isCloseTo(20.0, within(1e-9));
        assertThat(est.get("B")).isCloseTo(30.0 * 100 / 450, within(1e-9));
        assertThat(est.get("C")).isCloseTo(30.0 * 50 / 450 + 10.0, within(1e-9));
        assertThat(est.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(40.0, within(1e-9));
    }
}
