package io.vrguard.analyzer.influx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.app.AnalyzerProperties;
import java.time.Duration;
import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous batched writes: when {@link #write} returns, InfluxDB has the points, so the caller may commit.
 * I/O errors and server errors are retried with backoff; a refused point (HTTP 400: parse error, type conflict,
 * partial write) is a {@link RejectedPointsException} for the caller to dead-letter.
 */
public class InfluxWriter {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    private final InfluxDB influx;
    private final AnalyzerProperties.Influx config;
    private final Counter written;
    private final Counter retries;
    private volatile boolean databaseReady;

    public InfluxWriter(InfluxDB influx, AnalyzerProperties.Influx config, MeterRegistry registry) {
        this.influx = influx;
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
        BatchPoints batch = BatchPoints.database(config.database()).points(points).build();
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                ensureDatabase();
                influx.write(batch);
                written.increment(points.size());
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
