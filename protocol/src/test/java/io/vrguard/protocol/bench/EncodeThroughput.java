package io.vrguard.protocol.bench;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.HostSampleWriter;
import io.vrguard.protocol.InterfaceCounters;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import io.vrguard.protocol.WireJson;
import io.vrguard.protocol.WireSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Benchmark, not a test: encoding one host sample as the collector does, Jackson data binding
 * ({@code WireJson.encode}) against {@link HostSampleWriter#encode} (the bytes of exactly the record's length, as
 * the spool keeps them), in alternating rounds so that a machine shared with other work loads both alike. Run it
 * with the collector's JIT and GC ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}); arguments: VRS (64) ROUNDS
 * (20) SAMPLES per round (500) CPUS (2). The samples are shaped like the collector bench's (collector/bench/run.sh:
 * LXC VRs with a cgroup v1 group and two veths each), with full-precision rates.
 */
public final class EncodeThroughput {
    public static void main(String[] args) {
        int vrs = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int cpus = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Random random = new Random(42);
        List<HostSample> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            samples.add(sample(random, i, vrs, cpus));
        }
        byte[] reference = WireJson.encode(samples.get(0));
        if (!WireJson.mapper().readTree(reference).equals(WireJson.mapper().readTree(
                new HostSampleWriter().encode(samples.get(0))))) {
            throw new IllegalStateException("the writer's JSON differs from Jackson's");
        }
        System.out.printf("%d VRs, %d interfaces, %d CPUs: %d bytes per sample; %d rounds of %d samples each%n", vrs,
                2 * vrs, cpus, reference.length, rounds, perRound);
        HostSampleWriter writer = new HostSampleWriter();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] allocated = new long[2];
        double[][] micros = new double[2][rounds];
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (int which = 0; which < 2; which++) {
                boolean jackson = which == 0;
                long before = threads.getCurrentThreadAllocatedBytes();
                long t = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    HostSample s = samples.get(i & 7);
                    byte[] bytes = jackson ? WireJson.encode(s) : writer.encode(s);
                    sink += bytes.length;
                }
                micros[which][round] = (System.nanoTime() - t) / 1e3 / perRound;
                allocated[which] = (threads.getCurrentThreadAllocatedBytes() - before) / perRound;
            }
            System.out.printf("round %2d: Jackson %7.1f µs/sample, writer %7.1f µs/sample%n", round, micros[0][round],
                    micros[1][round]);
        }
        // the second half of the rounds: compiled by then (C1), so steady state; the minimum is the round least
        // disturbed by other work on the machine
        double[] jackson = Arrays.copyOfRange(micros[0], rounds / 2, rounds);
        double[] ours = Arrays.copyOfRange(micros[1], rounds / 2, rounds);
        Arrays.sort(jackson);
        Arrays.sort(ours);
        System.out.printf("rounds %d..%d: median Jackson %.1f µs/sample, writer %.1f µs/sample (%.1fx); "
                + "min Jackson %.1f, writer %.1f (%.1fx); checksum %d%n", rounds / 2, rounds - 1, median(jackson),
                median(ours), median(jackson) / median(ours), jackson[0], ours[0], jackson[0] / ours[0], sink);
        System.out.printf("allocated per sample (last round): Jackson %d bytes, writer %d bytes%n", allocated[0],
                allocated[1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A host sample as the collector bench produces: rates are counter deltas over a measured elapsed time. */
    static HostSample sample(Random r, int seq, int vrs, int cpuCount) {
        long elapsedNanos = 100_000_000L + r.nextInt(2_000_000);
        double elapsedMs = elapsedNanos / 1e6;
        List<CpuSample> cpus = new ArrayList<>();
        for (int c = 0; c < cpuCount; c++) {
            cpus.add(new CpuSample(c, rate(r, 50_000, elapsedNanos), rate(r, 2_000, elapsedNanos),
                    rate(r, 80_000, elapsedNanos), rate(r, 20, elapsedNanos), rate(r, 50, elapsedNanos),
                    percent(r), percent(r) / 3, r.nextInt(4) == 0 ? 0.0 : percent(r) / 20));
        }
        List<VrSample> routers = new ArrayList<>();
        for (int v = 0; v < vrs; v++) {
            List<InterfaceSample> nics = new ArrayList<>();
            double rx = 0;
            double tx = 0;
            double drops = 0;
            for (String end : new String[] {"b", "d"}) {
                double nicRx = rate(r, 40_000, elapsedNanos);
                double nicTx = rate(r, 40_000, elapsedNanos);
                double rxDrop = r.nextInt(4) == 0 ? rate(r, 500, elapsedNanos) : 0.0;
                rx += nicRx;
                tx += nicTx;
                drops += rxDrop;
                long base = 1_000_000_000L + r.nextInt(1 << 30);
                nics.add(new InterfaceSample("vrgcb" + v + end, VrSample.STATE_OK, nicRx, nicTx, rxDrop, 0.0,
                        new InterfaceCounters(base, base + r.nextInt(1 << 20), r.nextInt(100_000), 0, 0, 0),
                        List.of(), List.of()));
            }
            routers.add(new VrSample("vrgc-b" + v, VrKind.LXC, VrSample.STATE_OK, rx, tx, drops, rx + drops, tx,
                    percent(r), percent(r) * 0.7, percent(r) * 0.3, percent(r) / 4, 1024L, null, null, 100_000L,
                    0.0, 0.0, List.of(0, 1), nics));
        }
        return new HostSample(WireSchema.HOST_SAMPLE, "bench-host", 1_000 + seq,
                Instant.ofEpochMilli(1_795_000_000_000L + 100L * seq), 100, elapsedMs, cpus, routers, List.of());
    }

    private static double rate(Random r, int maxPerInterval, long elapsedNanos) {
        return r.nextInt(maxPerInterval) * 1e9 / elapsedNanos;
    }

    private static double percent(Random r) {
        return r.nextInt(1_000_000) * 100.0 / (r.nextInt(900_000) + 100_000) % 100;
    }
}
