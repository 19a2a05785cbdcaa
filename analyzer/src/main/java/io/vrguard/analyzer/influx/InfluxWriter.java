package io.vrguard.analyzer.influx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.app.AnalyzerProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous batched writes of line protocol, several chunks at once: when {@link #write} or {@link #writeAll}
 * returns, InfluxDB has the points, so the caller may commit.
 * I/O errors and server errors are retried with backoff; a refused point (HTTP 400: parse error, type conflict,
 * partial write) is a {@link RejectedPointsException} for the caller to dead-letter.
 */
public class InfluxWriter {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    private final InfluxDB influx;
    private final AnalyzerProperties.Influx config;
    private final Counter written;
    private final Counter retries;
    private final ExecutorService pool;
    private volatile boolean databaseReady;

    public InfluxWriter(InfluxDB influx, AnalyzerProperties.Influx config, MeterRegistry registry) {
        this.influx = influx;
        this.pool = config.writeConcurrency() > 1 ? Executors.newFixedThreadPool(config.writeConcurrency(),
                r -> {
                    Thread t = new Thread(r, "influx-write");
                    t.setDaemon(true);
                    return t;
                }) : null;
        this.config = config;
        this.written = registry.counter("analyzer.influx.points.written");
        this.retries = registry.counter("analyzer.influx.write.retries");
    }

    /** A write InfluxDB refused for the points themselves; retrying cannot help. */
    public static class RejectedPointsException extends RuntimeException {
        public RejectedPointsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes all points or throws: {@link RejectedPointsException} (400) or the last retriable error. */
    public void write(List<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        points.forEach(p -> lines.append(p.lineProtocol(TimeUnit.MILLISECONDS)).append('\n'));
        writeChunk(new Chunk(lines.toString(), points.size()));
    }

    /** Line-protocol text (millisecond timestamps) and how many points it holds. */
    public record Chunk(String lines, int points) {
    }

    /**
     * Writes every chunk, up to {@code write-concurrency} at a time, and returns only when all are stored; else
     * throws as {@link #write} does, a refusal ({@link RejectedPointsException}) in preference to a retriable
     * error, after every chunk has finished (a chunk written twice overwrites itself: same points, same times).
     */
    public void writeAll(List<Chunk> chunks) {
        if (chunks.size() <= 1 || pool == null) {
            chunks.forEach(this::writeChunk);
            return;
        }
        List<Future<?>> running = new ArrayList<>(chunks.size());
        for (Chunk c : chunks) {
            running.add(pool.submit(() -> writeChunk(c)));
        }
        RuntimeException failure = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(e.getCause());
                if (failure == null || cause instanceof RejectedPointsException) {
                    failure = cause;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to InfluxDB", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void writeChunk(Chunk chunk) {
        if (chunk.points() == 0) {
            return;
        }
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                ensureDatabase();
                influx.write(config.database(), null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS,
                        chunk.lines());
                written.increment(chunk.points());
                return;
            } catch (InfluxDBException e) {
                if (!retriable(e)) {
                    throw new RejectedPointsException("InfluxDB refused the points: " + e.getMessage(), e);
                }
                if (e instanceof InfluxDBException.DatabaseNotFoundException) {
                    databaseReady = false;
                }
                if (attempt >= config.retries()) {
                    throw e;
                }
                retries.increment();
                LOG.warn("InfluxDB write failed (attempt {}), retrying in {}: {}", attempt, backoff, e.getMessage());
                sleep(backoff);
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
        }
    }

    /** I/O and server-side trouble can pass; a bad point (parse error, field type conflict) cannot. */
    static boolean retriable(InfluxDBException e) {
        return e instanceof InfluxDBIOException || e instanceof InfluxDBException.DatabaseNotFoundException
                || e.isRetryWorth()
                && !(e instanceof InfluxDBException.UnableToParseException)
                && !(e instanceof InfluxDBException.FieldTypeConflictException)
                && !(e instanceof InfluxDBException.PointsBeyondRetentionPolicyException)
                && !String.valueOf(e.getMessage()).contains("partial write");
    }

    public InfluxDB client() {
        return influx;
    }

    public String database() {
        return config.database();
    }

    private void ensureDatabase() {
        if (!databaseReady) {
            influx.query(new Query("CREATE DATABASE \"" + config.database() + "\""));
            databaseReady = true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
