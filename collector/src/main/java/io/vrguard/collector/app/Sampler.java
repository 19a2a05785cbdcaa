package io.vrguard.collector.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vrguard.collector.core.HostReading;
import io.vrguard.collector.core.SampleBuilder;
import io.vrguard.collector.fs.HostReader;
import io.vrguard.protocol.HostSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampling loop: reads the host at wall-clock instants aligned to the interval (10:00:00.000, .100, ...), builds
 * one sample per interval from the last two reads and hands it on. A read that overruns makes the loop skip the
 * ticks it missed (counted) instead of piling up; a failing read is counted and logged and the loop goes on.
 */
public final class Sampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    /** Supplies the next sequence number. */
    @FunctionalInterface
    public interface Sequence {
        long next() throws Exception;
    }

    private final HostReader reader;
    private final String host;
    private final Duration interval;
    private final Clock clock;
    private final Sequence sequence;
    private final SampleSink sink;
    private final Counter taken;
    private final Counter skipped;
    private final Counter failures;
    private final Timer duration;
    private volatile boolean running;
    private volatile long lastProgressNanos = System.nanoTime();
    private Thread thread;

    public Sampler(HostReader reader, String host, Duration interval, Clock clock, Sequence sequence, SampleSink sink,
            MeterRegistry registry) {
        this.reader = reader;
        this.host = host;
        this.interval = interval;
        this.clock = clock;
        this.sequence = sequence;
        this.sink = sink;
        this.taken = registry.counter("collector.samples.taken");
        this.skipped = registry.counter("collector.samples.skipped");
        this.failures = registry.counter("collector.sample.failures");
        this.duration = Timer.builder("collector.sample.duration").description("time to read the host once")
                .register(registry);
    }

    /** Reads, waits one interval, reads again and returns the sample (the --once mode). */
    public HostSample once() throws Exception {
        HostReading first = reader.read();
        LockSupport.parkNanos(interval.toNanos());
        HostReading second = reader.read();
        return SampleBuilder.build(host, sequence.next(), clock.instant(), interval.toMillis(), first, second);
    }

    /**
     * True while the loop runs and has read the host successfully within the last three intervals (at least 10 s),
     * the agent's health.
     */
    public boolean healthy() {
        long allowed = Math.max(3 * interval.toNanos(), 10_000_000_000L);
        return running && thread != null && thread.isAlive() && System.nanoTime() - lastProgressNanos < allowed;
    }

    public synchronized void start() {
        lastProgressNanos = System.nanoTime();
        running = true;
        thread = new Thread(this::loop, "collector-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long step = interval.toMillis();
        long tick = nextTick(clock.millis(), step);
        HostReading prev = null;
        while (running) {
            sleepUntil(tick);
            if (!running) {
                break;
            }
            try {
                HostReading cur = timed();
                if (prev != null) {
                    sink.accept(SampleBuilder.build(host, sequence.next(), Instant.ofEpochMilli(tick), step, prev,
                            cur));
                    taken.increment();
                }
                prev = cur;
                lastProgressNanos = System.nanoTime();
            } catch (Exception e) {
                failures.increment();
                LOG.warn("sample at {} failed: {}", Instant.ofEpochMilli(tick), e.toString());
            }
            long next = nextTick(tick, step);
            long now = clock.millis();
            if (now >= next) {
                long missed = (now - next) / step + 1;
                skipped.increment(missed);
                next += missed * step;
            }
            tick = next;
        }
    }

    private HostReading timed() {
        long start = System.nanoTime();
        try {
            return reader.read();
        } finally {
            duration.record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    static long nextTick(long nowMillis, long step) {
        return (nowMillis / step + 1) * step;
    }

    private void sleepUntil(long epochMillis) {
        long wait;
        while (running && (wait = epochMillis - clock.millis()) > 0) {
            LockSupport.parkNanos(wait * 1_000_000L);
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join(interval.toMillis() + 5000);
        }
    }

    /** Monotonic nanoseconds, for {@link HostReader}. */
    public static LongSupplier monotonic() {
        return System::nanoTime;
    }
}
