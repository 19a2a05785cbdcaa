package io.vrguard.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vrguard.collector.core.HostReading;
import io.vrguard.collector.core.SampleBuilder;
import io.vrguard.collector.fs.HostReader;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.VrSample;
import io.vrguard.testkit.KernelObjects;
import io.vrguard.testkit.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VR built from network namespaces on this host: vrgc-src → veth → vrgc-vr (ip_forward) → veth → vrgc-snk, plus a
 * tun device in the VR whose reader never reads, exactly like the tap of a KVM guest that cannot keep up: its
 * queue fills and the kernel counts tx_dropped. Paced UDP from testkit's UdpPacer; the collector's own reader and
 * rate code measure it.
 */
class VrTrafficIT {
    private static final int FORWARD_PPS = 20_000;
    private static final int DROP_PPS = 4_000;
    private static final double RUN_SECONDS = 12;

    @TempDir
    Path dir;

    @Test
    void ratesAgreeWithTheSourceAndDropsWithTheKernel() throws Exception {
        try (KernelObjects k = new KernelObjects(Harness.PREFIX)) {
            String src = k.netns("src");
            String vr = k.netns("vr");
            String snk = k.netns("snk");
            String idle = k.netns("idle");
            k.veth("vrgcs0", src, "10.77.1.1/24", "vrgcv0", vr, "10.77.1.2/24");
            k.veth("vrgcv1", vr, "10.77.3.1/24", "vrgck0", snk, "10.77.3.2/24");
            k.veth("vrgce0", idle, null, "vrgce1", idle, null);
            Shell.run("ip", "-n", src, "route", "add", "default", "via", "10.77.1.2");
            Shell.run("ip", "-n", snk, "route", "add", "default", "via", "10.77.3.1");
            k.exec(vr, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            Path holder = dir.resolve("tunhold.py");
            Files.writeString(holder, """
                    import fcntl, struct, os, sys, time
                    fd = os.open("/dev/net/tun", os.O_RDWR)
                    fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", sys.argv[1].encode(), 0x0001 | 0x1000))
                    print("ready", flush=True)
                    time.sleep(600)
                    """);
            k.spawn(vr, dir.resolve("tun.log"), "python3", holder.toString(), "vrgct0");
            awaitLink(vr, "vrgct0");
            Shell.run("ip", "-n", vr, "addr", "add", "10.77.2.1/24", "dev", "vrgct0");
            Shell.run("ip", "-n", vr, "link", "set", "vrgct0", "up");
            k.spawn(snk, dir.resolve("sink.log"), Harness.java(), "-cp", Harness.classPath(),
                    "io.vrguard.testkit.UdpSink", "5001");

            HostReader reader = Harness.reader(Harness.inventory(dir, """
                    routers:
                      - name: vrgc-vr
                        kind: lxc
                        netns: vrgc-vr
                        interfaces: [vrgcv0, vrgcv1, vrgct0]
                      - name: vrgc-idle
                        kind: lxc
                        netns: vrgc-idle
                        interfaces: [vrgce0]
                    """));
            HostReading before = reader.read();

            Path fwdCount = dir.resolve("fwd.count");
            Path dropCount = dir.resolve("drop.count");
            Process fwd = k.spawn(src, dir.resolve("fwd.log"), Harness.java(), "-cp", Harness.classPath(),
                    "io.vrguard.testkit.UdpPacer", "10.77.3.2", "5001", "" + FORWARD_PPS, "" + RUN_SECONDS,
                    fwdCount.toString(), dir.resolve("fwd.progress").toString());
            Process drop = k.spawn(src, dir.resolve("drop.log"), Harness.java(), "-cp", Harness.classPath(),
                    "io.vrguard.testkit.UdpPacer", "10.77.2.2", "5002", "" + DROP_PPS, "" + RUN_SECONDS,
                    dropCount.toString(), dir.resolve("drop.progress").toString());
            // both sources sending for a second (a JVM starts slowly on a loaded machine), then the window
            try {
                org.awaitility.Awaitility.await("both sources sending").atMost(java.time.Duration.ofSeconds(60))
                        .pollInterval(java.time.Duration.ofMillis(100))
                        .until(() -> SourceProgress.runningFor(dir.resolve("fwd.progress")) > 1_000_000_000L
                                && SourceProgress.runningFor(dir.resolve("drop.progress")) > 1_000_000_000L);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("sources not sending: forward alive " + fwd.isAlive() + ", log "
                        + Harness.tail(dir.resolve("fwd.log")) + "; drop alive " + drop.isAlive() + ", log "
                        + Harness.tail(dir.resolve("drop.log")), e);
            }

            long kernelT0 = System.nanoTime();
            long kernelDrops0 = Harness.sysCounter(vr, "vrgct0", "tx_dropped");
            HostReading r1 = reader.read();
            Thread.sleep(4000);
            HostReading r2 = reader.read();
            long kernelDrops1 = Harness.sysCounter(vr, "vrgct0", "tx_dropped");
            long kernelT1 = System.nanoTime();

            HostSample steady = SampleBuilder.build("h", 1, Instant.now(), 4000, r1, r2);
            fwd.waitFor();
            drop.waitFor();
            Thread.sleep(300);
            HostSample whole = SampleBuilder.build("h", 2, Instant.now(), 1000, before, reader.read());

            VrSample v = router(steady, "vrgc-vr");
            Map<String, InterfaceSample> ifs = byName(v);
            System.out.printf("steady window %.0f ms: vrgcv0 rx %.1f pps, vrgcv1 tx %.1f pps, vrgct0 tx drops %.1f "
                            + "pps; VR offered %.1f delivered %.1f drop %.1f; problems %s%n", steady.elapsedMs(),
                    ifs.get("vrgcv0").rxPps(), ifs.get("vrgcv1").txPps(), ifs.get("vrgct0").txDropPps(),
                    v.offeredPps(), v.deliveredPps(), v.dropPps(), steady.problems());

            // packet rates agree with the source's own count over the same window within 2%
            double fwdRate = SourceProgress.rate(dir.resolve("fwd.progress"), r1.monoNanos(), r2.monoNanos());
            double dropRate = SourceProgress.rate(dir.resolve("drop.progress"), r1.monoNanos(), r2.monoNanos());
            System.out.printf("source rates over the window: %.1f + %.1f pps%n", fwdRate, dropRate);
            assertThat(v.state()).isEqualTo("ok");
            assertThat(fwdRate).isGreaterThan(0.5 * FORWARD_PPS);
            assertThat(ifs.get("vrgcv0").rxPps()).isCloseTo(fwdRate + dropRate, within(0.02 * (fwdRate + dropRate)));
            assertThat(ifs.get("vrgcv1").txPps()).isCloseTo(fwdRate, within(0.02 * fwdRate));
            assertThat(v.offeredPps()).isCloseTo(fwdRate + dropRate, within(0.02 * (fwdRate + dropRate)));
            assertThat(v.deliveredPps()).isCloseTo(fwdRate, within(0.02 * fwdRate));

            // the drop rate agrees with the kernel's own counter over the same window
            double kernelDropRate = (kernelDrops1 - kernelDrops0) / ((kernelT1 - kernelT0) / 1e9);
            System.out.printf("kernel tx_dropped rate %.1f pps, collector %.1f pps%n", kernelDropRate,
                    ifs.get("vrgct0").txDropPps());
            assertThat(kernelDropRate).isGreaterThan(0.5 * DROP_PPS);
            assertThat(ifs.get("vrgct0").txDropPps()).isCloseTo(kernelDropRate, within(0.02 * kernelDropRate));
            assertThat(v.dropPps()).isCloseTo(kernelDropRate, within(0.02 * kernelDropRate));

            // over the whole run, packets counted equal the source's own count within 2%
            long fwdSent = Long.parseLong(Files.readString(fwdCount).split(" ")[0]);
            long dropSent = Long.parseLong(Files.readString(dropCount).split(" ")[0]);
            Map<String, InterfaceSample> all = byName(router(whole, "vrgc-vr"));
            double seconds = whole.elapsedMs() / 1000;
            System.out.printf("whole run: source sent %d + %d, collector vrgcv0 rx %d (%.0f pps × %.3f s)%n",
                    fwdSent, dropSent, Math.round(all.get("vrgcv0").rxPps() * seconds), all.get("vrgcv0").rxPps(),
                    seconds);
            assertThat(all.get("vrgcv0").rxPps() * seconds).isCloseTo(fwdSent + dropSent,
                    within(0.02 * (fwdSent + dropSent)));
            assertThat(all.get("vrgcv1").txPps() * seconds).isCloseTo(fwdSent, within(0.02 * fwdSent));

            // raw counters of the last read are the kernel's
            assertThat(all.get("vrgct0").counters().txDropped()).isEqualTo(Harness.sysCounter(vr, "vrgct0",
                    "tx_dropped"));
            assertThat(all.get("vrgcv1").counters().txPackets()).isEqualTo(Harness.sysCounter(vr, "vrgcv1",
                    "tx_packets"));

            // a namespace with no process in it is read through ip netns exec
            VrSample idleVr = router(whole, "vrgc-idle");
            assertThat(idleVr.interfaces()).singleElement().satisfies(i -> {
                assertThat(i.state()).isEqualTo("ok");
                assertThat(i.counters()).isNotNull();
            });
        }
    }

    private static void awaitLink(String ns, String link) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (Shell.tryRun("ip", "-n", ns, "link", "show", link).exitCode() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(link + " did not appear in " + ns);
    }

    private static VrSample router(HostSample s, String name) {
        return s.routers().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, InterfaceSample> byName(VrSample v) {
        return v.interfaces().stream().collect(Collectors.toMap(InterfaceSample::name, Function.identity()));
    }
}
