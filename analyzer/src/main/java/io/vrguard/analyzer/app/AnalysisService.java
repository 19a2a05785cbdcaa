package io.vrguard.analyzer.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vrguard.analyzer.alert.AlertNotifier;
import io.vrguard.analyzer.core.AnalysisOutput;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.PlannedCommand;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.influx.InfluxWriter;
import io.vrguard.analyzer.influx.InfluxWriter.RejectedPointsException;
import io.vrguard.analyzer.influx.LineProtocol;
import io.vrguard.analyzer.influx.Points;
import io.vrguard.analyzer.influx.TopologyWriter;
import io.vrguard.analyzer.kafka.OpenViolationStore;
import io.vrguard.analyzer.kafka.OutputPublisher;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.influxdb.dto.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the pure {@link FleetAnalysis} from Kafka and the clock and delivers what it produces: points to
 * InfluxDB first (synchronously), then events and commands to Kafka, then alerts. Outputs of a batch whose
 * write failed are kept and delivered with the retried batch, whose samples the analysis ignores as duplicates.
 */
public class AnalysisService {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisService.class);
    private static final int RECENT_PLANS = 200;

    private final FleetAnalysis analysis;
    private final InfluxWriter writer;
    private final OutputPublisher publisher;
    private final AlertNotifier alerts;
    private final MeterRegistry registry;
    private final ReentrantLock lock = new ReentrantLock();
    // per consumer thread: a failed batch is retried on the thread that polled it
    private final ThreadLocal<List<AnalysisOutput>> pending = ThreadLocal.withInitial(ArrayList::new);
    private final AtomicInteger inFlight = new AtomicInteger();
    // consumer threads whose last batch failed and waits for its retry (InfluxDB or Kafka down): their hosts'
    // samples are not missing, only not yet stored, so the wall clock must not judge them
    private final Set<Thread> failing = ConcurrentHashMap.newKeySet();
    private final Timer storeLatency;
    private final int batchPoints;
    private final Map<String, Integer> hostPartitions = new ConcurrentHashMap<>();
    private final Map<String, ViolationEvent> openViolations = new ConcurrentHashMap<>();
    private final Deque<PlannedCommand> recentPlans = new ConcurrentLinkedDeque<>();
    private final Clock clock;
    private final Duration idleAfter;
    private final OpenViolationStore takeovers;
    private final TopologyWriter topology;
    private final PartitionClocks partitionClocks = new PartitionClocks();
    // a stale check's events and health whose write or publication failed; guarded by the lock
    private AnalysisOutput undeliveredTick = AnalysisOutput.NONE;
    private volatile Instant lastBatchDone;

    public AnalysisService(FleetAnalysis analysis, InfluxWriter writer, OutputPublisher publisher,
            AlertNotifier alerts, MeterRegistry registry, Clock clock, Duration idleAfter, int batchPoints,
            OpenViolationStore takeovers, TopologyWriter topology) {
        this.batchPoints = batchPoints;
        this.topology = topology;
        this.storeLatency = Timer.builder("analyzer.samples.store.latency")
                .description("from a batch handed to the analyzer until its points are in InfluxDB")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                // a bucket at the latency target (a sample queryable within 1 s of being read), for alerting on it
                .serviceLevelObjectives(Duration.ofSeconds(1)).register(registry);
        this.clock = clock;
        this.takeovers = takeovers;
        this.idleAfter = idleAfter;
        this.lastBatchDone = clock.instant();
        this.analysis = analysis;
        this.writer = writer;
        this.publisher = publisher;
        this.alerts = alerts;
        this.registry = registry;
        registry.gauge("analyzer.violations.open", openViolations, Map::size);
        registry.gauge("analyzer.hosts.owned", hostPartitions, Map::size);
    }

    /** A sample that InfluxDB refused, with the reason, for the dead-letter topic. */
    public record Rejected(int index, RuntimeException reason) {
    }

    /**
     * Analyses and stores a batch. Returns normally only when every point is in InfluxDB (or its sample was
     * refused and is returned for dead-lettering) and every event and command is published. Several consumer
     * threads may call it: the analysis itself runs under the lock, the points are built and written outside it,
     * and each thread keeps the outputs of its own failed batch for that batch's retry.
     */
    public List<Rejected> process(List<HostSample> samples, List<Integer> partitions) {
        long readAt = System.nanoTime();
        List<AnalysisOutput> mine = pending.get();
        inFlight.incrementAndGet();
        boolean done = false;
        try {
            Policies policies;
            lock.lock();
            try {
                policies = analysis.policies();
                for (int i = 0; i < samples.size(); i++) {
                    HostSample s = samples.get(i);
                    if (hostPartitions.put(s.host(), partitions.get(i)) == null) {
                        takeOver(s.host());
                    }
                    partitionClocks.read(partitions.get(i), s.timestamp());
                    mine.add(analysis.accept(s));
                }
            } finally {
                lock.unlock();
            }
            AnalysisOutput out = mine.stream().reduce(AnalysisOutput.NONE, AnalysisOutput::plus);
            List<Rejected> rejected = store(samples, policies, outputPoints(out));
            storeLatency.record(System.nanoTime() - readAt, TimeUnit.NANOSECONDS);
            lock.lock();
            try {
                deliver(out);
            } finally {
                lock.unlock();
            }
            mine.clear();
            done = true;
            lastBatchDone = clock.instant();
            registry.counter("analyzer.samples.analysed").increment(samples.size());
            registry.counter("analyzer.router.samples.analysed")
                    .increment(samples.stream().mapToInt(s -> s.routers().size()).sum());
            return rejected;
        } finally {
            if (done) {
                failing.remove(Thread.currentThread());
            } else {
                failing.add(Thread.currentThread());
            }
            inFlight.decrementAndGet();
        }
    }

    /**
     * The consumer's lag on each of its partitions after a poll (before that poll's batch is processed), so the
     * stale check knows which partitions still hold unread samples.
     */
    public void lags(Map<Integer, OptionalLong> lagByPartition) {
        lagByPartition.forEach(partitionClocks::lag);
    }

    /**
     * Clock tick: hosts that went silent become stale. Skipped while a batch is being processed. Judged on the
     * wall clock only when the consumer is caught up (no batch pending or failing, and none for
     * {@code idleAfter}); otherwise on sample time, so a consumer that lags (rebalance, InfluxDB outage) calls no
     * host stale whose samples are merely still queued: a partition read to its end by the fleet's newest sample,
     * one with unread records (a dead instance's backlog being taken over) by the newest sample read from it.
     */
    public void tick(Instant now) {
        if (!lock.tryLock()) {
            return;
        }
        try {
            boolean caughtUp = inFlight.get() == 0 && failing.isEmpty()
                    && !now.isBefore(lastBatchDone.plus(idleAfter));
            Instant fleetNewest = partitionClocks.fleetNewest();
            if (fleetNewest == null) {
                return;
            }
            Instant wallClock = now.minus(idleAfter);
            // the analysis has moved on when it returns: what it said is delivered now or with a later tick
            undeliveredTick = undeliveredTick.plus(analysis.advance(caughtUp ? host -> wallClock
                    : host -> partitionClocks.reference(hostPartitions.get(host), fleetNewest)));
            AnalysisOutput out = undeliveredTick;
            if (!out.events().isEmpty() || !out.health().isEmpty()) {
                writer.write(outputPoints(out));
                deliver(out);
            }
            undeliveredTick = AnalysisOutput.NONE;
        } catch (RuntimeException e) {
            registry.counter("analyzer.tick.failed").increment();
            LOG.warn("stale check's results not delivered, will deliver them with the next tick: {}", e.toString());
        } finally {
            lock.unlock();
        }
    }

    public void onAction(ActionResult result) {
        lock.lock();
        try {
            AnalysisOutput out = analysis.onAction(result);
            List<Point> points = new ArrayList<>(outputPoints(out));
            points.add(Points.result(result));
            points.addAll(Points.changes(result));
            writer.write(points);
            deliver(out);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Partitions moved away: drop their hosts' state without events (the analysis's, and which CPU topology was
     * last written); the new owner rebuilds it.
     */
    public void forgetPartitions(Collection<Integer> partitions) {
        // the revoked partitions' failed batch (if any) is the next owner's to retry, not this thread's
        failing.remove(Thread.currentThread());
        lock.lock();
        try {
            partitionClocks.forget(partitions);
            hostPartitions.entrySet().removeIf(e -> {
                if (partitions.contains(e.getValue())) {
                    analysis.forget(e.getKey());
                    topology.forget(e.getKey());
                    openViolations.values().removeIf(v -> v.host().equals(e.getKey()));
                    return true;
                }
                return false;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Partitions were assigned: make sure the open-violation view holds what their previous owner left. */
    public void takingOver() {
        if (takeovers != null) {
            takeovers.catchUp(Duration.ofSeconds(10));
        }
    }

    /** First sample of a host here: its violations another instance left open go on under their ids. */
    private void takeOver(String host) {
        if (takeovers == null) {
            return;
        }
        List<ViolationEvent> left = takeovers.openFor(host);
        int restored = analysis.restore(host, left);
        if (restored > 0) {
            left.forEach(e -> openViolations.put(e.id(), e));
            registry.counter("analyzer.violations.taken_over").increment(restored);
            LOG.info("took over host {} with {} open violation(s): {}", host, restored,
                    left.stream().map(ViolationEvent::id).toList());
        }
    }

    public void policies(Policies policies) {
        analysis.policies(policies);
    }

    public Collection<ViolationEvent> openViolations() {
        return List.copyOf(openViolations.values());
    }

    public List<PlannedCommand> recentPlans() {
        return List.copyOf(recentPlans);
    }

    /**
     * The batch as line protocol in chunks of about {@code batchPoints} points, written concurrently: each
     * sample's per-interval points, and its {@code vr_cpu} topology where due.
     */
    private List<Rejected> store(List<HostSample> samples, Policies policies, List<Point> outputPoints) {
        List<InfluxWriter.Chunk> chunks = new ArrayList<>();
        StringBuilder lines = new StringBuilder(1 << 20);
        int points = 0;
        for (HostSample s : samples) {
            points += LineProtocol.append(lines, s, policies) + topology.append(lines, s);
            if (points >= batchPoints) {
                chunks.add(new InfluxWriter.Chunk(lines.toString(), points));
                lines.setLength(0);
                points = 0;
            }
        }
        chunks.add(new InfluxWriter.Chunk(lines.toString(), points));
        try {
            writer.write(outputPoints);
            writer.writeAll(chunks);
            return List.of();
        } catch (RejectedPointsException e) {
            // find the culprits: our own points first, then each sample's on its own
            List<Rejected> rejected = new ArrayList<>();
            try {
                writer.write(outputPoints);
            } catch (RejectedPointsException own) {
                registry.counter("analyzer.influx.points.rejected", "source", "analysis").increment();
                LOG.error("InfluxDB refused the analyzer's own points: {}", own.getMessage());
            }
            for (int i = 0; i < samples.size(); i++) {
                StringBuilder one = new StringBuilder();
                int its = LineProtocol.append(one, samples.get(i), policies) + topology.append(one, samples.get(i));
                try {
                    writer.writeAll(List.of(new InfluxWriter.Chunk(one.toString(), its)));
                } catch (RejectedPointsException bad) {
                    registry.counter("analyzer.influx.points.rejected", "source", "sample").increment();
                    rejected.add(new Rejected(i, bad));
                }
            }
            return rejected;
        }
    }

    private static List<Point> outputPoints(AnalysisOutput out) {
        List<Point> points = new ArrayList<>();
        out.events().forEach(e -> {
            points.add(Points.violation(e));
            points.addAll(Points.aggressors(e));
        });
        out.commands().forEach(c -> points.add(Points.planned(c)));
        out.health().forEach(h -> points.add(Points.health(h)));
        return points;
    }

    private void deliver(AnalysisOutput out) {
        publisher.publish(out.events(), out.commands());
        for (ViolationEvent e : out.events()) {
            if (ViolationEvent.RESOLVED.equals(e.event())) {
                openViolations.remove(e.id());
            } else {
                openViolations.put(e.id(), e);
            }
        }
        for (PlannedCommand c : out.commands()) {
            recentPlans.addFirst(c);
            while (recentPlans.size() > RECENT_PLANS) {
                recentPlans.removeLast();
            }
        }
        if (alerts != null && !out.events().isEmpty()) {
            alerts.notify(out.events());
        }
    }
}
