package io.vrguard.analyzer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import io.vrguard.protocol.Topics;

/**
 * Issue #7 "Load": a fleet paced at 1 Hz through a real broker into the analyzer service and a real influxd for
 * a while, then drained. Samples the consumer group's lag, the heap after the last old-generation collection and
 * the process RSS every few seconds, and at the end counts what InfluxDB holds against what was sent.
 */
public final class Soak {
    public record Probe(double atSeconds, long lag, long heapAfterGcMb, long rssMb, long sent) {
    }

    public record Result(long sentSamples, long vrPoints, long healthPoints, long expectedVrPoints,
            List<Probe> probes, double drainSeconds, long committedSamples) {
        public boolean nothingLost() {
            return vrPoints == expectedVrPoints && healthPoints == sentSamples;
        }
    }

    private Soak() {
    }

    public static Result run(String bootstrap, String influxUrl, Path dir, SyntheticFleet fleet, Duration duration,
            Duration probeEvery, Duration drainLimit) throws Exception {
        List<Probe> probes = new ArrayList<>();
        Influx influx = new Influx(influxUrl);
        try (AnalyzerService analyzer = new AnalyzerService(bootstrap, influxUrl, dir);
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                FleetProducer producer = new FleetProducer(bootstrap, fleet)) {
            long start = System.nanoTime();
            CompletableFuture<Long> sending = CompletableFuture.supplyAsync(() -> {
                try {
                    return producer.paced(duration);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            long drainedAt = 0;
            while (true) {
                Thread.sleep(probeEvery.toMillis());
                long lag = lag(admin);
                Probe p = new Probe((System.nanoTime() - start) / 1e9, lag, heapAfterGcMb(), rssMb(),
                        producer.sent());
                probes.add(p);
                System.out.printf("  t=%5.0f s  sent %7d  lag %6d host samples  heap after GC %5d MB  RSS %5d MB%n",
                        p.atSeconds(), p.sent(), p.lag(), p.heapAfterGcMb(), p.rssMb());
                if (sending.isDone()) {
                    sending.join();
                    if (lag == 0) {
                        drainedAt = System.nanoTime();
                        break;
                    }
                    if (System.nanoTime() - start > duration.plus(drainLimit).toNanos()) {
                        System.out.printf("  lag NOT drained within %s after the fleet stopped: %d host samples"
                                + " left%n", drainLimit, lag);
                        drainedAt = -1;
                        break;
                    }
                }
            }
            long sent = producer.sent();
            long committed = sent - lag(admin);
            long vr = influx.count("vrguard", "SELECT count(deliveredKpps) FROM vr");
            // stale hosts add host_health points of their own (stale=1, at the clock's time): count the samples'
            long health = influx.count("vrguard", "SELECT count(seq) FROM host_health WHERE stale = 0");
            double drain = drainedAt < 0 ? -1 : (drainedAt - start) / 1e9 - duration.toSeconds();
            return new Result(sent, vr, health, sent * fleet.vrs(), probes, drain, committed);
        }
    }

    /** Records of {@code vrguard.samples} not yet committed by the analyzer's group. */
    static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("vrguard-analyzer")
                .partitionsToOffsetAndMetadata().get();
        var partitions = admin.describeTopics(List.of(Topics.SAMPLES)).allTopicNames().get().get(Topics.SAMPLES)
                .partitions().stream().map(p -> new TopicPartition(Topics.SAMPLES, p.partition()))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        var ends = admin.listOffsets(partitions).all().get();
        long lag = 0;
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    static long heapAfterGcMb() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getCollectionUsage() != null && pool.getName().contains("Old Gen")) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used >> 20;
    }

    static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
            }
        }
        return -1;
    }
}
