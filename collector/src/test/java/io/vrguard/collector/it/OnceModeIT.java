package io.vrguard.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.WireJson;
import io.vrguard.testkit.KernelObjects;
import io.vrguard.testkit.Shell;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The operator's first check: {@code java -jar collector.jar --once} prints one HostSample and exits 0. */
class OnceModeIT {
    @TempDir
    Path dir;

    @Test
    void printsOneSampleWithTheDocumentedFieldsAndNeverTouchesKafka() throws Exception {
        try (KernelObjects k = new KernelObjects(Harness.PREFIX);
                ServerSocket fakeBroker = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String ns = k.netns("once");
            k.veth("vrgco0", ns, "10.77.9.1/24", "vrgco1", null, "10.77.9.2/24");
            k.cgroupV1("cpu", "vrgc-once");
            k.cgroupV1("cpuacct", "vrgc-once");
            Path inventory = Harness.inventory(dir, """
                    routers:
                      - name: vrgc-once
                        kind: lxc
                        netns: vrgc-once
                        cgroup: vrgc-once
                        interfaces: [vrgco0, {name: vrgco1, side: host}]
                    """);
            AtomicBoolean connected = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                try {
                    fakeBroker.setSoTimeout(200);
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            fakeBroker.accept().close();
                            connected.set(true);
                        } catch (SocketTimeoutException e) {
                            // keep watching
                        }
                    }
                } catch (Exception e) {
                    // socket closed at the end
                }
            });
            watcher.start();
            Shell.run("ip", "netns", "exec", ns, "bash", "-c", "echo x > /dev/udp/10.77.9.2/9");
            // traffic during the interval, so that the totals below are not 0 = 0
            k.spawn(ns, dir.resolve("traffic.log"), "bash", "-c",
                    "for i in $(seq 1 6000); do echo x > /dev/udp/10.77.9.2/9; sleep 0.005; done");

            Path jar = Path.of("target/collector.jar");
            Process p = new ProcessBuilder(Harness.java(), "-jar", jar.toString(), "--once", "--interval=300ms",
                    "--host-id=vrgc-host", "--inventory=" + inventory,
                    "--spring.kafka.bootstrap-servers=127.0.0.1:" + fakeBroker.getLocalPort())
                    .redirectError(dir.resolve("stderr.log").toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            watcher.interrupt();
            watcher.join();
            System.out.println(out);
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.log"))).isZero();
            assertThat(connected).as("no connection to the Kafka bootstrap address in --once mode").isFalse();

            assertThat(out.strip().lines().count()).as("stdout holds only the JSON").isEqualTo(1);
            HostSample sample = WireJson.decode(out.strip(), HostSample.class);
            assertThat(sample.host()).isEqualTo("vrgc-host");
            assertThat(sample.intervalMs()).isEqualTo(300);
            assertThat(sample.elapsedMs()).isGreaterThanOrEqualTo(290);
            JsonNode json = WireJson.mapper().readTree(out);
            assertThat(fieldNames(json)).contains("host", "seq", "timestamp", "intervalMs", "cpus", "routers");
            assertThat(fieldNames(json.get("cpus").get(0))).contains("cpu", "netRxPerSec", "netTxPerSec",
                    "softnetDroppedPerSec", "timeSqueezePerSec", "busyPercent", "softirqPercent");
            JsonNode vr = json.get("routers").get(0);
            assertThat(vr.get("name").asString()).isEqualTo("vrgc-once");
            assertThat(vr.get("kind").asString()).isEqualTo("lxc");
            assertThat(fieldNames(vr)).contains("name", "kind", "rxPps", "txPps", "dropPps", "cpuPercent",
                    "cpuShares", "cpus", "interfaces");
            JsonNode iface = vr.get("interfaces").get(0);
            assertThat(fieldNames(iface)).contains("name", "rxPps", "txPps", "rxDropPps", "txDropPps", "counters");
            assertThat(fieldNames(iface.get("counters"))).contains("rxPackets", "txPackets", "rxDropped",
                    "txDropped");
            // the VR-side veth sent the datagram; its host-side peer counts it as rx, so both show it as VR tx
            assertThat(iface.get("counters").get("txPackets").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(vr.get("interfaces").get(1).get("counters").get("txPackets").asLong())
                    .isEqualTo(iface.get("counters").get("txPackets").asLong());
            // vrgco1 is found (iflink/ifindex) to be the host-side peer of vrgco0: the VR's totals count the
            // packets once, not once per end
            assertThat(iface.get("txPps").asDouble()).isPositive();
            assertThat(vr.get("txPps").asDouble()).isEqualTo(iface.get("txPps").asDouble());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
