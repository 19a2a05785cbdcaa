package io.vrguard.analyzer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.analyzer.app.AnalyzerProperties;
import io.vrguard.analyzer.influx.InfluxWriter;
import io.vrguard.testkit.InfluxServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the writer tells a refused point (dead-letter) from an unavailable server (retry), on a real influxd. */
class InfluxWriterIT {
    static InfluxServer influxd;
    static InfluxDB client;
    static InfluxWriter writer;
    static SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        influxd = InfluxServer.start();
        client = InfluxDBFactory.connect(influxd.url());
        writer = new InfluxWriter(client, new AnalyzerProperties.Influx(URI.create(influxd.url()), "vrga_writer",
                null, null, 3, Duration.ofMillis(50), Duration.ofMillis(200)), registry);
    }

    @AfterAll
    static void stop() {
        client.close();
        influxd.close();
    }

    static Point point(String measurement, Object value) {
        Point.Builder b = Point.measurement(measurement).time(1_700_000_000_000L, TimeUnit.MILLISECONDS)
                .tag("host", "vrga-h");
        if (value instanceof String s) {
            b.addField("v", s);
        } else {
            b.addField("v", ((Number) value).doubleValue());
        }
        return b.build();
    }

    @Test
    void aFieldTypeConflictIsRefusedNotRetried() {
        writer.write(List.of(point("conflict", 1.5)));
        double retriesBefore = registry.counter("analyzer.influx.write.retries").count();

        assertThatThrownBy(() -> writer.write(List.of(point("conflict", "text"))))
                .isInstanceOf(InfluxWriter.RejectedPointsException.class)
                .hasMessageContaining("field type conflict");
        assertThat(registry.counter("analyzer.influx.write.retries").count()).isEqualTo(retriesBefore);
    }

    @Test
    void anUnreachableServerIsRetriedThenReportedAsRetriable() {
        double retriesBefore = registry.counter("analyzer.influx.write.retries").count();
        influxd.stop();
        try {
            assertThatThrownBy(() -> writer.write(List.of(point("outage", 1.0))))
                    .isInstanceOf(InfluxDBException.class)
                    .isNotInstanceOf(InfluxWriter.RejectedPointsException.class);
            assertThat(registry.counter("analyzer.influx.write.retries").count() - retriesBefore).isEqualTo(2);
        } finally {
            influxd.restart();
        }
        writer.write(List.of(point("outage", 1.0)));
    }
}
