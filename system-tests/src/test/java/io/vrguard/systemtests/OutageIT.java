package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.WireSerde;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.InfluxServer;
import io.vrguard.testkit.KafkaBrokerProcess;
import io.vrguard.testkit.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real 60 s outages, one after the other, under a collector sampling a namespaced VR at 10 Hz: the Kafka broker
 * (its own JVM) is SIGKILLed and restarted, then influxd is stopped and restarted. Afterwards every sequence number
 * the collector took has reached the broker, the analyzer and InfluxDB: none missing; duplicates (harmless: points
 * are keyed by series and timestamp) counted. During the InfluxDB outage the analyzer commits no offset.
 */
class OutageIT {
    private static final String HOST = "vrgf-outage";
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final String GROUP = "vrguard-analyzer";

    @TempDir
    Path dir;

    @Test
    void noSampleIsLostAcrossABrokerCrashAndAnInfluxDbOutage() throws Exception {
        int collectorPort = FreePorts.next();
        int analyzerPort = FreePorts.next();
        Prometheus collectorMetrics = new Prometheus(collectorPort);
        Prometheus analyzerMetrics = new Prometheus(analyzerPort);
        Path spool = dir.resolve("collector-spool");
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(dir.resolve("kafka"));
             InfluxServer influx = InfluxServer.start();
             ForwardingVr vr = new ForwardingVr("vrgf", dir);
             StoredHealth stored = new StoredHealth(influx.url(), AnalyzerJar.DATABASE)) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(Topics.SAMPLES, 6, (short) 1))).all().get();
            }
            vr.startTraffic(2000, 600, dir.resolve("sent.txt"));
            try (ServiceJar analyzer = AnalyzerJar.start("analyzer", dir, broker.bootstrapServers(), influx.url(), 0,
                    analyzerPort, List.of());
                 ServiceJar collector = ServiceJar.start("collector", dir, List.of("--host-id=" + HOST,
                         "--inventory=" + vr.writeInventory("vr1"), "--interval=100ms",
                         "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                         "--spool-dir=" + spool, "--server.port=" + collectorPort))) {
                try {
                    await("50 samples stored").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                            .failFast("a service exited", () -> !analyzer.isAlive() || !collector.isAlive())
                            .until(() -> stored.seqs(HOST).size() >= 50);
                } catch (RuntimeException e) {
                    throw new AssertionError("no samples stored; analyzer log:\n" + analyzer.logTail(40)
                            + "\ncollector log:\n" + collector.logTail(40), e);
                }

                // 1. the broker crashes and stays away for 60 s
                broker.kill();
                Thread.sleep(OUTAGE.toMillis());
                double spooled = collectorMetrics.sum("collector_spool_depth");
                broker.start();
                System.out.printf("broker: SIGKILLed for %d s; collector spool depth before restart %.0f%n",
                        OUTAGE.toSeconds(), spooled);
                assertThat(spooled).as("the collector kept sampling into its spool").isGreaterThan(400);
                awaitCaughtUp(collectorMetrics, stored, analyzer, collector);

                // 2. influxd stops for 60 s under load: the analyzer must hold its offsets
                long analysedBefore = (long) analyzerMetrics.sum("analyzer_samples_analysed_total");
                Instant influxStopped = Instant.now();
                influx.stop();
                Thread.sleep(5_000); // a batch already stored may still commit
                Map<TopicPartition, OffsetAndMetadata> heldFrom = committed(broker);
                Thread.sleep(OUTAGE.toMillis() - 5_000);
                Map<TopicPartition, OffsetAndMetadata> heldTo = committed(broker);
                double analysedDuring = analyzerMetrics.sum("analyzer_samples_analysed_total") - analysedBefore;
                double retries = analyzerMetrics.sum("analyzer_influx_write_retries_total");
                influx.restart();
                Instant influxRestarted = Instant.now();
                System.out.printf("influxd: stopped for %d s; committed offsets %s -> %s; samples stored meanwhile "
                        + "%.0f; write retries %.0f%n", OUTAGE.toSeconds(), offsets(heldFrom), offsets(heldTo),
                        analysedDuring, retries);
                assertThat(heldTo).as("no commit without a successful write").isEqualTo(heldFrom);
                assertThat(retries).isPositive();
                awaitCaughtUp(collectorMetrics, stored, analyzer, collector);
                // the host's samples kept coming and only waited for influxd: no stale alarm from that outage
                // (the broker's outage above is another matter: no samples came at all, and stale is right)
                List<ViolationEvent> staleDuringInfluxOutage = TopicContents.read(broker.bootstrapServers(),
                        Topics.VIOLATIONS, new WireSerde<>(ViolationEvent.class)).stream()
                        .filter(e -> e.type() == ViolationType.STALE && !e.at().isBefore(influxStopped)
                                && e.at().isBefore(influxRestarted)).toList();
                System.out.printf("stale events dated within the InfluxDB outage: %d%n",
                        staleDuringInfluxOutage.size());
                assertThat(staleDuringInfluxOutage).isEmpty();

                // 3. the collector stops cleanly; its spool and next-seq file say what it took and what is left
                double analysed = analyzerMetrics.sum("analyzer_samples_analysed_total");
                collector.close();
                // "N clean BOOT"
                long taken = Long.parseLong(Files.readString(spool.resolve("next-seq")).strip().split(" ")[0]);
                long pending;
                try (Stream<Path> files = Files.list(spool)) {
                    pending = files.filter(p -> p.toString().endsWith(".sample")).count();
                }
                List<HostSample> sent = TopicContents.read(broker.bootstrapServers(), Topics.SAMPLES,
                        new WireSerde<>(HostSample.class));
                List<Long> onBroker = sent.stream().map(HostSample::seq).toList();
                try {
                    await("the last samples stored").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                            .ignoreExceptions()
                            .until(() -> new TreeSet<>(stored.seqs(HOST)).containsAll(onBroker));
                } catch (RuntimeException e) {
                    TreeSet<Long> absent = new TreeSet<>(onBroker);
                    absent.removeAll(stored.seqs(HOST));
                    System.out.printf("not stored after 120 s: %d sample(s), first %s; analyzer log:%n%s%n",
                            absent.size(), absent.stream().limit(20).toList(), analyzer.logTail(40));
                }
                analysed = analyzerMetrics.sum("analyzer_samples_analysed_total");
                List<Long> inInflux = stored.seqs(HOST);

                Ledger broker1 = Ledger.of(taken, pending, onBroker);
                Ledger influx1 = Ledger.of(taken, pending, inInflux);
                TreeSet<Long> distinct = new TreeSet<>(inInflux);
                long vrPoints = stored.count("vr", HOST);
                long altered = altered(sent, stored.vrField(HOST, "vr1", "rxKpps"));
                // every stored point was written by the analyzer after it analysed that sample: what InfluxDB
                // misses, the analyzer missed or failed to store
                System.out.printf("sent %d (seq 0..%d, %d still in the spool); broker: received %d, missing %d, "
                        + "duplicated %d; analyzer: received %.0f, missing %d, duplicated %.0f; InfluxDB: points %d, "
                        + "missing %d, duplicated %d, vr points %d, altered %d%n", taken, taken - 1, pending,
                        onBroker.size(), broker1.missing(), broker1.duplicated(), analysed, influx1.missing(),
                        analysed - distinct.size(), inInflux.size(), influx1.missing(), influx1.duplicated(), vrPoints,
                        altered);
                assertThat(broker1.missing()).isZero();
                assertThat(influx1.missing()).isZero();
                assertThat(influx1.duplicated()).as("points keyed by series and time cannot double").isZero();
                assertThat(vrPoints).as("one vr point per stored sample").isEqualTo(distinct.size());
                assertThat(altered).as("stored vr points whose rate differs from the sample sent").isZero();
                assertThat(analysed).isGreaterThanOrEqualTo(distinct.size());
                assertThat(taken).isGreaterThan(1200);
            }
        }
    }

    /** Every sequence number 0..taken-1 except the ones still in the spool, and how often each was seen. */
    record Ledger(long missing, long duplicated) {
        static Ledger of(long taken, long pending, List<Long> seen) {
            TreeSet<Long> distinct = new TreeSet<>(seen);
            long expected = taken - pending;
            long present = distinct.subSet(0L, expected).size();
            return new Ledger(expected - present, seen.size() - distinct.size());
        }
    }

    private static void awaitCaughtUp(Prometheus collectorMetrics, StoredHealth stored, ServiceJar analyzer,
            ServiceJar collector) {
        await("the spool drained and every published sample stored").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .failFast("a service exited", () -> !analyzer.isAlive() || !collector.isAlive())
                .until(() -> {
                    double published = collectorMetrics.sum("collector_samples_published_total");
                    return collectorMetrics.sum("collector_spool_depth") <= 3
                            && new TreeSet<>(stored.seqs(HOST)).size() >= published;
                });
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(KafkaBrokerProcess broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        }
    }

    private static String offsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return String.valueOf(offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
    }

    /**
     * Samples on the broker whose stored {@code vr} point (same timestamp) does not carry the VR's rx rate exactly
     * as sent; a sample without a stored point counts as missing in the ledger, not here.
     */
    private static long altered(List<HostSample> sent, Map<Long, Double> storedRxKpps) {
        return sent.stream().filter(s -> {
            Double stored = storedRxKpps.get(s.timestamp().toEpochMilli());
            double rx = s.routers().get(0).rxPps() / 1000;
            return stored != null && Math.abs(stored - rx) > 1e-9 * Math.max(1, Math.abs(rx));
        }).count();
    }

    /** Every record on vrguard.samples, in each partition's order. */
}
