package io.vrguard.analyzer.core;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.IrqAffinity;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The measured rows (KVM, two VRs on one core; VR1 guaranteed 800 kpps, VR2 400 kpps, tolerance 2%).
 * Each row: offered VR1/VR2 kpps, CPU % VR1/VR2, delivered VR1/VR2 kpps.
 */
public final class PaperFixtures {
    public static final String HOST = "kvm-host-1";
    public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    static final double[][] WITHOUT_SHARES = {
        {800, 400, 61, 33, 800, 400},
        {800, 500, 59, 41, 778, 460},
        {800, 600, 56, 44, 739, 502},
        {800, 688, 53, 47, 682, 567}};
    static final double[][] WITH_SHARES = {
        {800, 400, 60, 33, 800, 400},
        {800, 500, 61, 39, 800, 441},
        {800, 600, 60, 40, 800, 443},
        {800, 688, 61, 39, 800, 440}};

    private PaperFixtures() {
    }

    public static Policies policies(Mode mode, boolean quotaAllowed) {
        return Policies.of(List.of(
                new PolicyRule("fleet", null, null, null, mode, 2L, 262144L, quotaAllowed, null, 0.02, null),
                new PolicyRule("vr:" + HOST + "/vr1", 800.0, null, 1, null, null, null, null, null, null, null),
                new PolicyRule("vr:" + HOST + "/vr2", 400.0, null, 2, null, null, null, null, null, null, null)));
    }

    public static Policies policies() {
        return policies(Mode.AUTO, false);
    }

    /** Row 1..4 of the table without shares, as the sample of interval {@code seq}. */
    public static HostSample withoutSharesRow(int row, long seq) {
        return kvm(WITHOUT_SHARES[row - 1], seq);
    }

    public static HostSample withSharesRow(int row, long seq) {
        return kvm(WITH_SHARES[row - 1], seq);
    }

    /** A full window of {@code n} intervals at steady state on one row. */
    public static HostWindow paperWithoutSharesRow(int row) {
        return steady(withoutSharesRow(row, 1), DetectionSettings.defaults().windowIntervals());
    }

    public static HostWindow paperWithSharesRow(int row) {
        return steady(withSharesRow(row, 1), DetectionSettings.defaults().windowIntervals());
    }

    /** What the analysis's own rule set finds in a window. */
    static List<Finding> findings(HostWindow window, DetectionSettings settings) {
        List<Finding> out = new ArrayList<>();
        for (Rule rule : FleetAnalysis.rules(settings)) {
            out.addAll(rule.evaluate(window, policies()));
        }
        return out;
    }

    static HostWindow steady(HostSample first, int n) {
        List<HostSample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(at(first, first.seq() + i));
        }
        return HostWindow.of(n, samples);
    }

    /** The same figures as interval {@code seq}. */
    public static HostSample at(HostSample s, long seq) {
        return new HostSample(s.schema(), s.host(), seq, T0.plusSeconds(seq), s.intervalMs(), s.elapsedMs(),
                s.cpus(), s.routers(), s.problems());
    }

    static HostSample kvm(double[] r, long seq) {
        double busy = Math.min(100, r[2] + r[3] + 5); // QEMU threads plus host overhead on the one core
        return host(HOST, seq, List.of(cpu(0, busy, 4), cpu(1, 6, 1)),
                List.of(vr("vr1", VrKind.KVM, r[0], r[4], r[2], List.of(0)),
                        vr("vr2", VrKind.KVM, r[1], r[5], r[3], List.of(0))));
    }

    public static HostSample host(String host, long seq, List<CpuSample> cpus, List<VrSample> vrs) {
        return new HostSample(WireSchema.HOST_SAMPLE, host, seq, T0.plusSeconds(seq), 1000, 1000.0, cpus, vrs,
                List.of());
    }

    public static CpuSample cpu(int cpu, double busy, double softirq) {
        return new CpuSample(cpu, 0, 0, 0, 0, 0, busy, softirq, 0);
    }

    public static VrSample vr(String name, VrKind kind, double offeredKpps, double deliveredKpps, double cpu,
            List<Integer> cpus) {
        double drop = offeredKpps - deliveredKpps;
        return new VrSample(name, kind, VrSample.STATE_OK, offeredKpps * 1000, deliveredKpps * 1000, drop * 1000,
                offeredKpps * 1000, deliveredKpps * 1000, kind == VrKind.KVM ? cpu : 1.0, null, null,
                kind == VrKind.LXC ? cpu : null, 1024L, null, null, 100000L, 0.0, 0.0, cpus,
                List.of(new InterfaceSample(name + "-eth0", VrSample.STATE_OK, offeredKpps * 1000,
                        deliveredKpps * 1000, drop * 1000, 0, null, kind == VrKind.LXC
                                ? List.of(new IrqAffinity(40, List.of(0), List.of(0))) : List.of(), List.of())));
    }
}
