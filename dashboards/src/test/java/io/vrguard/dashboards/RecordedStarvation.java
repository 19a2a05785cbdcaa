package io.vrguard.dashboards;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Host samples of the published starvation (two KVM routers on one shared core; VR1 guaranteed 800 kpps, VR2
 * 400 kpps): this machine is too loaded to starve a VR on cue, so the measured rows are replayed as the samples a
 * collector on that host would have sent, one per second, through the real broker into the real analyzer.
 * Each row: offered VR1/VR2 kpps, CPU % VR1/VR2, delivered VR1/VR2 kpps. A third router, vr3, runs alone on CPU 1
 * (no neighbour of the other two), offered 50 kpps, less than its 100 kpps guarantee, and forwards all of it.
 */
final class RecordedStarvation {
    static final String HOST = "kvm-host-1";
    static final double[] HEALTHY = {800, 400, 61, 33, 800, 400};
    /** Row 4 without shares: the neighbour at 688 kpps drags VR1 down to 682. */
    static final double[] STARVED = {800, 688, 53, 47, 682, 567};
    /** Row 4 with VR1 given twice VR2's share: VR1 holds 800. */
    static final double[] RECOVERED = {800, 688, 61, 39, 800, 440};
    /** vr3: offered and delivered kpps, CPU %; its guarantee is 100 kpps. */
    static final double VR3_KPPS = 50;
    static final double VR3_CPU = 8;

    private RecordedStarvation() {
    }

    /** The run: healthy, starved (a violation opens), recovered (it resolves), starved again (open at the end). */
    static List<double[]> rows() {
        List<double[]> rows = new ArrayList<>();
        repeat(rows, HEALTHY, 3);
        repeat(rows, STARVED, 8);
        repeat(rows, RECOVERED, 6);
        repeat(rows, STARVED, 7);
        return rows;
    }

    static HostSample sample(double[] r, long seq, Instant at) {
        double busy = Math.min(100, r[2] + r[3] + 5); // both QEMU threads plus host overhead on the one core
        boolean squeezed = busy >= 100;
        List<CpuSample> cpus = List.of(
                new CpuSample(0, 2 * (r[0] + r[1]), 1.9 * (r[0] + r[1]), 1000 * (r[0] + r[1]) / 64, 0,
                        squeezed ? 12 : 0, busy, 4, 0.5),
                new CpuSample(1, 300, 280, 900, 0, 0, 6 + VR3_CPU, 1, 0.1));
        List<VrSample> vrs = List.of(vr("vr1", r[0], r[4], r[2], null, 0), vr("vr2", r[1], r[5], r[3], 100_000L, 0),
                vr("vr3", VR3_KPPS, VR3_KPPS, VR3_CPU, null, 1));
        return new HostSample(WireSchema.HOST_SAMPLE, HOST, seq, at, 1000, 1000.0, cpus, vrs, List.of());
    }

    private static VrSample vr(String name, double offeredKpps, double deliveredKpps, double cpu, Long quotaUs,
            int onCpu) {
        double dropPps = (offeredKpps - deliveredKpps) * 1000;
        InterfaceSample nic = new InterfaceSample(name + "-eth0", VrSample.STATE_OK, offeredKpps * 1000,
                deliveredKpps * 1000, dropPps, 0, null, List.of(), List.of());
        return new VrSample(name, VrKind.KVM, VrSample.STATE_OK, offeredKpps * 1000, deliveredKpps * 1000, dropPps,
                offeredKpps * 1000, deliveredKpps * 1000, cpu, cpu * 0.3, cpu * 0.7, null, 1024L, null, quotaUs,
                100_000L, 0.0, 0.0, List.of(onCpu), List.of(nic));
    }

    private static void repeat(List<double[]> rows, double[] row, int times) {
        for (int i = 0; i < times; i++) {
            rows.add(row);
        }
    }
}
