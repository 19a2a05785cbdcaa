package io.vrguard.analyzer.bench;

import io.vrguard.analyzer.core.Mode;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.core.PolicyRule;
import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceCounters;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.IrqAffinity;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic fleet of hosts with {@code vrs} virtual routers each, as its collectors would sample
 * it: KVM VRs behind two tap devices, LXC VRs behind two veths (every fourth LXC VR also on a NIC queue with an
 * IRQ and RPS), steady per-VR rates with ±2 % noise, raw counters that grow by rate × interval, 16 CPUs with
 * SoftIRQ figures, and every {@code starvedEvery}-th host with VR {@code vr01} starved on a saturated CPU by
 * {@code vr03}, which runs above its guarantee. The first sample of each host has state {@code new} (no rates yet),
 * as a collector's first interval does. Benchmark and soak support: not production code.
 */
public final class SyntheticFleet {
    public static final int CPUS = 16;
    public static final Instant BASE = Instant.parse("2026-11-22T00:00:00Z");

    private final int hosts;
    private final int vrs;
    private final int starvedEvery;
    private final String prefix;

    public SyntheticFleet(String prefix, int hosts, int vrs, int starvedEvery) {
        this.prefix = prefix;
        this.hosts = hosts;
        this.vrs = vrs;
        this.starvedEvery = starvedEvery;
    }

    public int hosts() {
        return hosts;
    }

    public int vrs() {
        return vrs;
    }

    public String host(int h) {
        return String.format("%s-%04d", prefix, h);
    }

    public boolean starved(int h) {
        return starvedEvery > 0 && h % starvedEvery == 0;
    }

    /** Guarantees for the first ten VR names on every host, the fleet in advise mode. */
    public static Policies policies() {
        List<PolicyRule> rules = new ArrayList<>();
        rules.add(new PolicyRule("fleet", null, null, null, Mode.ADVISE, null, null, null, null, 0.02, null));
        for (int v = 0; v < 10; v++) {
            rules.add(new PolicyRule("vr:*/" + vrName(v), guaranteeKpps(v), null, v % 3, null, null, null, null,
                    null, null, null));
        }
        return Policies.of(rules);
    }

    static String vrName(int v) {
        return String.format("vr%02d", v);
    }

    static double guaranteeKpps(int v) {
        return v == 1 ? 800 : 100 + 40 * v;
    }

    /** The sample of host {@code h} for interval {@code seq} (1, 2, …), timestamped {@code BASE + seq s}. */
    public HostSample sample(int h, long seq) {
        return sample(h, seq, BASE.plusSeconds(seq));
    }

    public HostSample sample(int h, long seq, Instant timestamp) {
        SplittableRandom noise = new SplittableRandom(h * 1_000_003L + seq);
        boolean starved = starved(h);
        boolean first = seq == 1;
        List<VrSample> routers = new ArrayList<>(vrs);
        double[] cpuLoad = new double[CPUS];
        for (int v = 0; v < vrs; v++) {
            VrSample vr = vr(h, v, seq, first, starved, noise);
            routers.add(vr);
            if (vr.cpuPercent() != null) {
                cpuLoad[vr.cpus().get(0)] += vr.cpuPercent() + nz(vr.softirqPercentEstimate());
            }
        }
        List<CpuSample> cpus = new ArrayList<>(CPUS);
        for (int c = 0; c < CPUS; c++) {
            boolean hot = starved && c == cpuOf(1);
            double busy = hot ? 100.0 : Math.min(92, 8 + cpuLoad[c] * 0.3 + noise.nextDouble() * 3);
            double softirq = hot ? 46.0 + noise.nextDouble() : busy * 0.25;
            double squeeze = hot ? 120 + noise.nextInt(40) : 0;
            cpus.add(new CpuSample(c, 9000 + noise.nextInt(2000), 300 + noise.nextInt(100),
                    150_000 + noise.nextInt(20_000), 0, squeeze, round(busy), round(softirq),
                    round(0.4 + noise.nextDouble() * 0.2)));
        }
        return new HostSample(WireSchema.HOST_SAMPLE, host(h), seq, timestamp, 1000,
                round(1000 + noise.nextDouble() * 1.5), cpus, routers, List.of());
    }

    private VrSample vr(int h, int v, long seq, boolean first, boolean starved, SplittableRandom noise) {
        VrKind kind = v % 5 < 3 ? VrKind.KVM : VrKind.LXC;
        double baseKpps = v == 1 ? 800 : 120 + ((h * 31 + v * 17) % 40) * 10;
        double offered = first ? 0 : baseKpps * 1000 * (1 + (noise.nextDouble() - 0.5) * 0.04);
        double lossRatio = 0.001 * noise.nextDouble();
        if (starved && v == 1) {
            lossRatio = 0.15 + noise.nextDouble() * 0.01;
        }
        if (starved && v == 3) {
            offered = first ? 0 : 688_000 * (1 + (noise.nextDouble() - 0.5) * 0.02);
        }
        double delivered = offered * (1 - lossRatio);
        double drop = offered - delivered;
        double cpu = first ? 0 : delivered / 1000 * 0.075 * (1 + (noise.nextDouble() - 0.5) * 0.05);
        Double softirq = kind == VrKind.LXC ? round(cpu * 0.8) : null;
        Double cgroupCpu = kind == VrKind.LXC ? round(cpu * 0.2) : round(cpu);
        long shares = 1024L * (1 + v % 4);
        int cpuIndex = cpuOf(v);
        String state = first ? VrSample.STATE_NEW : VrSample.STATE_OK;
        List<InterfaceSample> nics = new ArrayList<>(2);
        for (int side = 0; side < 2; side++) {
            String name = kind == VrKind.KVM ? "vnet" + (v * 2 + side) : String.format("veth%02d%c%04x", v,
                    side == 0 ? 'a' : 'b', h);
            double rx = side == 0 ? offered : 0.01 * offered;
            double tx = side == 0 ? 0.01 * delivered : delivered;
            double rxDrop = side == 0 ? drop : 0;
            long elapsed = Math.max(0, seq - 1);
            InterfaceCounters counters = new InterfaceCounters((long) (rx * elapsed), (long) (tx * elapsed),
                    (long) (rxDrop * elapsed), 0, 0, 0);
            boolean nicQueue = kind == VrKind.LXC && v % 4 == 0 && side == 0;
            List<IrqAffinity> irqs = nicQueue ? List.of(new IrqAffinity(120 + v, List.of(cpuIndex),
                    List.of(cpuIndex))) : List.of();
            nics.add(new InterfaceSample(name, state, round(rx), round(tx), round(rxDrop), 0, counters, irqs,
                    nicQueue ? List.of((cpuIndex + 1) % CPUS) : List.of()));
        }
        return new VrSample(vrName(v), kind, state, round(offered), round(delivered), round(drop), round(offered),
                round(delivered), cgroupCpu, round(nz(cgroupCpu) * 0.3), round(nz(cgroupCpu) * 0.7), softirq,
                shares, null, null, 100_000L, 0.0, 0.0, List.of(cpuIndex), nics);
    }

    /** VRs are pinned round-robin; vr01 and vr03 share one CPU, so a busy vr03 starves vr01 there. */
    static int cpuOf(int v) {
        return v == 3 ? cpuOf(1) : v % CPUS;
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
