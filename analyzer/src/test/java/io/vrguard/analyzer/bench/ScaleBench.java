package io.vrguard.analyzer.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vrguard.analyzer.core.DetectionSettings;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.influx.InfluxWriter;
import io.vrguard.analyzer.influx.LineProtocol;
import io.vrguard.analyzer.influx.TopologyWriter;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireSerde;
import io.vrguard.testkit.InfluxServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.analyzer.app.AnalyzerProperties;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.influxdb.InfluxDBFactory;

/**
 * Benchmark, not a test (issue #8 "Scale"), all in one run on one machine: a real broker filled with a synthetic
 * fleet's host samples; Kafka's ConsumerPerformance over the topic; the analyzer's consume + decode + detect
 * path; the real analyzer service end to end into a real influxd (rate, p99 from batch read to stored, points
 * counted); the analyzer's InfluxDB writer against a plain bulk line-protocol load of the same points. Run by
 * analyzer/bench/run.sh (which supplies {@code -Dbench.kafkaToolsCp}).
 */
public final class ScaleBench {
    static final int THREADS = Integer.getInteger("bench.threads", 2); // the service's default kafka.concurrency

    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(args[0]);
        int vrs = Integer.parseInt(args[1]);
        int intervals = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("vrgz-bench-");
        try {
            run(hosts, vrs, intervals, dir);
        } finally {
            BenchBroker.deleteTree(dir);
        }
    }

    static void run(int hosts, int vrs, int intervals, Path dir) throws Exception {
        SyntheticFleet fleet = new SyntheticFleet("fleet", hosts, vrs, 10);
        if (Boolean.getBoolean("bench.influxOnly")) {
            try (InfluxServer influxd = InfluxServer.start()) {
                for (int round = 1; round <= 2; round++) {
                    writerVersusBulk(influxd.url(), fleet, intervals, "_" + round);
                }
            }
            return;
        }
        long samples = (long) hosts * intervals;
        long vrSamples = samples * vrs;
        try (BenchBroker broker = new BenchBroker(dir.resolve("kafka")); InfluxServer influxd = InfluxServer.start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(Topics.SAMPLES, 6, (short) 1))).all().get();
            }
            long t0 = System.nanoTime();
            long bytes;
            try (FleetProducer producer = new FleetProducer(bootstrap, fleet)) {
                producer.fill(1, intervals);
                bytes = producer.bytes();
            }
            report("fill", "%d hosts x %d VRs x %d intervals: %d host samples, %d VR samples, %.0f MB of JSON"
                    + " (%.0f B per host sample) in %.1f s", hosts, vrs, intervals, samples, vrSamples, bytes / 1e6,
                    bytes / (double) samples, secs(t0));

            double perfMsgs = consumerPerformance(bootstrap, samples);
            report("kafka ConsumerPerformance", "%.0f records/s = %.0f VR samples/s (%.0f MB/s)", perfMsgs,
                    perfMsgs * vrs, perfMsgs * bytes / samples / 1e6);

            // the first pass is the JIT's warm-up (a running analyzer's code is compiled; this JVM has only encoded)
            double cold = consumeDecodeDetect(bootstrap, samples, "vrgz-cdd-warmup");
            report("analyzer consume+decode+detect, first pass (JIT warm-up)", "%.0f VR samples/s", cold * vrs);
            double cdd = consumeDecodeDetect(bootstrap, samples, "vrgz-cdd");
            report("analyzer consume+decode+detect(+line protocol), " + THREADS + " consumer threads",
                    "%.0f VR samples/s = %.0f%% of ConsumerPerformance", cdd * vrs, 100 * cdd / perfMsgs);

            if (!Boolean.getBoolean("bench.skipEndToEnd")) {
                boolean fresh = Boolean.getBoolean("bench.freshDatabase");
                if (!fresh) {
                    createSeries(influxd.url(), fleet);
                }
                endToEnd(bootstrap, influxd.url(), dir, samples, vrSamples, vrs, fresh);
            }
            if (!Boolean.getBoolean("bench.skipWriterVersusBulk")) {
                writerVersusBulk(influxd.url(), fleet, intervals, "");
            }
        }
    }

    /** org.apache.kafka.tools.ConsumerPerformance (kafka-consumer-perf-test.sh) in its own JVM; records/s. */
    static double consumerPerformance(String bootstrap, long records) throws Exception {
        String cp = System.getProperty("bench.kafkaToolsCp");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", cp, "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", Topics.SAMPLES, "--num-records", Long.toString(records), "--group", "vrgz-perf",
                "--timeout", "120000").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            r.lines().forEach(lines::add);
        }
        p.waitFor();
        lines.forEach(l -> System.out.println("  | " + l));
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("start.time")).findFirst().orElseThrow());
        String[] header = lines.get(at).split(",\\s*");
        String[] row = lines.get(at + 1).split(",\\s*");
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("fetch.nMsg.sec")) {
                return Double.parseDouble(row[i]);
            }
        }
        throw new IllegalStateException("no fetch.nMsg.sec in ConsumerPerformance's output");
    }

    /**
     * The analyzer's own path without InfluxDB: its deserializer in {@link #THREADS} consumers of one group, the
     * analysis under one lock, the line protocol of every sample built; host samples per second.
     */
    static double consumeDecodeDetect(String bootstrap, long records, String group) throws Exception {
        FleetAnalysis analysis = new FleetAnalysis(DetectionSettings.defaults(), SyntheticFleet.policies());
        Policies policies = SyntheticFleet.policies();
        TopologyWriter topology = new TopologyWriter(Duration.ofMinutes(1)); // as the service: vr_cpu when due
        ReentrantLock lock = new ReentrantLock();
        AtomicLong seen = new AtomicLong();
        AtomicLong lineBytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long[] start = {0};
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            running.add(pool.submit(() -> {
                try (KafkaConsumer<String, HostSample> c = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(),
                        new WireSerde<>(HostSample.class))) {
                    c.subscribe(List.of(Topics.SAMPLES));
                    StringBuilder lines = new StringBuilder(1 << 20);
                    while (seen.get() < records) {
                        var batch = c.poll(Duration.ofMillis(200));
                        if (batch.isEmpty()) {
                            continue;
                        }
                        synchronized (start) {
                            if (start[0] == 0) {
                                start[0] = System.nanoTime();
                            }
                        }
                        lock.lock();
                        try {
                            for (ConsumerRecord<String, HostSample> r : batch) {
                                analysis.accept(r.value());
                            }
                        } finally {
                            lock.unlock();
                        }
                        lines.setLength(0);
                        for (ConsumerRecord<String, HostSample> r : batch) {
                            LineProtocol.append(lines, r.value(), policies);
                            topology.append(lines, r.value());
                        }
                        lineBytes.addAndGet(lines.length());
                        seen.addAndGet(batch.count());
                        c.commitSync();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - start[0]) / 1e9;
        System.out.printf("  consume+decode+detect: %d host samples in %.1f s (first poll to last), %d open"
                + " violations, %.0f MB of line protocol%n", seen.get(), s, analysis.openViolations().size(),
                lineBytes.get() / 1e6);
        return seen.get() / s;
    }

    /**
     * A running analyzer's steady state: the fleet's series already exist in InfluxDB (an interval-0 sample of
     * every host, timestamped {@link SyntheticFleet#BASE}, written by the plain loader), as they do from a fleet's
     * first minute on. With {@code -Dbench.freshDatabase=true} the service instead creates ~300,000 series in its
     * first interval, a one-time cost of a new fleet or database that would dominate a run of a few intervals.
     */
    static void createSeries(String influxUrl, SyntheticFleet fleet) throws Exception {
        long t = System.nanoTime();
        Influx influx = new Influx(influxUrl);
        influx.query("", "CREATE DATABASE vrguard");
        List<InfluxWriter.Chunk> chunks = lineChunks(fleet, 0, 0);
        for (InfluxWriter.Chunk c : chunks) {
            influx.write("vrguard", c.lines());
        }
        report("series created", "%d points of an interval-0 sample per host in %.1f s",
                chunks.stream().mapToLong(InfluxWriter.Chunk::points).sum(), secs(t));
    }

    /** The analyzer service in this JVM from the topic's start: rate, store latency, points counted. */
    static void endToEnd(String bootstrap, String influxUrl, Path dir, long samples, long vrSamples, int vrs,
            boolean fresh) throws Exception {
        Influx influx = new Influx(influxUrl);
        long startup = System.nanoTime();
        // -Dbench.analyzerArgs="--vrguard.analyzer.kafka.max-poll-records=100 ...": the service's settings to try
        String[] settings = System.getProperty("bench.analyzerArgs", "").isBlank() ? new String[0]
                : System.getProperty("bench.analyzerArgs").trim().split("\\s+");
        try (AnalyzerService analyzer = new AnalyzerService(bootstrap, influxUrl, dir.resolve("analyzer"), settings)) {
            report("analyzer service", "settings %s", List.of(settings));
            report("analyzer service", "started in %.1f s", secs(startup));
            long first = 0;
            double done = 0;
            while (done < vrSamples) {
                Thread.sleep(100);
                done = analyzer.counter("analyzer.router.samples.analysed");
                if (first == 0 && done > 0) {
                    first = System.nanoTime();
                }
                if (System.nanoTime() - startup > Duration.ofMinutes(20).toNanos()) {
                    throw new IllegalStateException("analyzer did not finish: " + done + " of " + vrSamples);
                }
            }
            double s = secs(first);
            double points = analyzer.counter("analyzer.influx.points.written");
            Timer latency = analyzer.registry().find("analyzer.samples.store.latency").timer();
            double p99 = 0;
            double p50 = 0;
            for (ValueAtPercentile v : latency.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.99) {
                    p99 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.5) {
                    p50 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
            report("analyzer service end to end (Kafka -> decode -> detect -> InfluxDB, then commit; "
                    + (fresh ? "fresh database: series created on the way" : "series exist") + ")",
                    "%.0f VR samples/s, %.0f points/s written, over %.1f s (from the first stored batch; %.0f"
                            + " points)", vrSamples / s, points / s, s, points);
            report("read -> stored in InfluxDB (per poll batch, " + latency.count() + " batches)",
                    "p50 %.0f ms, p99 %.0f ms, max %.0f ms; %d batches within 1 s; %.0f InfluxDB writes retried",
                    p50, p99, latency.max(java.util.concurrent.TimeUnit.MILLISECONDS), withinOneSecond(latency),
                    analyzer.counter("analyzer.influx.write.retries"));
        }
        String after = " time > '" + SyntheticFleet.BASE + "'"; // not createSeries' interval 0
        long stored = influx.count("vrguard", "SELECT count(deliveredKpps) FROM vr WHERE" + after);
        long health = influx.count("vrguard", "SELECT count(seq) FROM host_health WHERE stale = 0 AND" + after);
        report("nothing lost", "%d VR points for %d VR samples sent, %d host_health points for %d host samples%s",
                stored, vrSamples, health, samples, stored == vrSamples && health == samples ? "" : "  MISMATCH");
    }

    /**
     * The analyzer's writer (its chunks, its concurrency) against plain HTTP POSTs of the same lines, in the order
     * bulk, writer, writer, bulk, each into a fresh database: influxd's state drifts over a run (its caches fill,
     * it compacts what the previous pass wrote), and the mirrored order gives both the same share of that drift.
     */
    static void writerVersusBulk(String influxUrl, SyntheticFleet fleet, int intervals, String suffix)
            throws Exception {
        List<InfluxWriter.Chunk> chunks = lineChunks(fleet, 1, intervals);
        long points = chunks.stream().mapToLong(InfluxWriter.Chunk::points).sum();
        Influx influx = new Influx(influxUrl);
        double[] bulk = new double[2];
        double[] ours = new double[2];
        int bulkRetries = 0;
        double writerRetries = 0;
        for (String pass : List.of("bulk_a", "writer_a", "writer_b", "bulk_b")) {
            String db = "vrguard_" + pass + suffix;
            int i = pass.endsWith("a") ? 0 : 1;
            if (pass.startsWith("bulk")) {
                influx.query("", "CREATE DATABASE " + db);
                long t = System.nanoTime();
                bulkRetries += bulkLoad(influx, db, chunks);
                bulk[i] = points / secs(t);
            } else {
                var client = InfluxDBFactory.connect(influxUrl);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                InfluxWriter writer = new InfluxWriter(client, new AnalyzerProperties.Influx(URI.create(influxUrl), db,
                        null, null, 5, Duration.ofMillis(200), Duration.ofSeconds(5), 4, 5000, false,
                        Duration.ofMinutes(1)), registry);
                long t = System.nanoTime();
                writer.writeAll(chunks);
                ours[i] = points / secs(t);
                client.close();
                writerRetries += registry.counter("analyzer.influx.write.retries").count();
            }
            long stored = influx.count(db, "SELECT count(deliveredKpps) FROM vr");
            report("InfluxDB writes, pass " + pass, "%.0f points/s; %d VR points stored", pass.startsWith("bulk")
                    ? bulk[i] : ours[i], stored);
        }
        report("InfluxDB writes, " + points + " points in " + chunks.size() + " requests of 5000, 4 at a time",
                "plain HTTP bulk %.0f and %.0f points/s (%d requests retried after a 5xx); analyzer's InfluxWriter"
                        + " %.0f and %.0f points/s (%.0f retried) = %.0f%% of bulk (mean of the passes)", bulk[0],
                bulk[1], bulkRetries, ours[0], ours[1], writerRetries, 100 * (ours[0] + ours[1]) / (bulk[0] + bulk[1]));
    }

    /** POSTs the chunks, 4 at a time; returns how many requests were retried after a 5xx. */
    private static int bulkLoad(Influx influx, String db, List<InfluxWriter.Chunk> chunks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread th = new Thread(r);
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<Integer>> running = new ArrayList<>();
            for (InfluxWriter.Chunk c : chunks) {
                running.add(pool.submit(() -> influx.write(db, c.lines())));
            }
            int retries = 0;
            for (Future<Integer> f : running) {
                retries += f.get();
            }
            return retries;
        } finally {
            pool.shutdown();
        }
    }

    /** The fleet's line protocol for intervals {@code from..to}, as the service builds it, in 5,000-line chunks. */
    static List<InfluxWriter.Chunk> lineChunks(SyntheticFleet fleet, int from, int to) {
        Policies policies = SyntheticFleet.policies();
        TopologyWriter topology = new TopologyWriter(Duration.ofMinutes(1));
        List<InfluxWriter.Chunk> chunks = new ArrayList<>();
        StringBuilder b = new StringBuilder(1 << 20);
        int lines = 0;
        for (int seq = from; seq <= to; seq++) {
            for (int h = 0; h < fleet.hosts(); h++) {
                HostSample sample = fleet.sample(h, seq);
                lines += LineProtocol.append(b, sample, policies) + topology.append(b, sample);
                if (lines >= 5000) {
                    chunks.add(new InfluxWriter.Chunk(b.toString(), lines));
                    b.setLength(0);
                    lines = 0;
                }
            }
        }
        chunks.add(new InfluxWriter.Chunk(b.toString(), lines));
        return chunks;
    }

    private static long withinOneSecond(Timer latency) {
        for (var bucket : latency.takeSnapshot().histogramCounts()) {
            if (bucket.bucket(java.util.concurrent.TimeUnit.MILLISECONDS) == 1000) {
                return (long) bucket.count();
            }
        }
        return -1;
    }

    static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void report(String what, String format, Object... args) throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf("== %s: %s   [loadavg %s]%n", what, String.format(format, args), load);
    }
}
