package io.vrguard.analyzer.influx;

import java.time.Instant;
import java.util.List;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * "Did VR X meet its SLA last month": sums the {@code sla} measurement (one point per judged interval) over a
 * range. Compliance = 1 − breach seconds ÷ judged seconds.
 */
public class SlaAccounting {
    private final InfluxWriter influx;

    public SlaAccounting(InfluxWriter influx) {
        this.influx = influx;
    }

    /** One VR's accounting over [from, to). */
    public record Report(String host, String vr, Instant from, Instant to, double judgedSeconds,
            double breachSeconds, Double compliancePercent) {
    }

    public Report report(String host, String vr, Instant from, Instant to) {
        Query q = new Query("SELECT sum(\"seconds\") AS s, sum(\"breachSeconds\") AS b FROM \"" + Points.SLA
                + "\" WHERE \"host\" = " + literal(host) + " AND \"vr\" = " + literal(vr)
                + " AND time >= " + from.toEpochMilli() + "ms AND time < " + to.toEpochMilli() + "ms",
                influx.database());
        QueryResult result = influx.client().query(q);
        if (result.hasError()) {
            throw new IllegalStateException("InfluxDB query failed: " + result.getError());
        }
        double judged = 0;
        double breach = 0;
        for (QueryResult.Result r : result.getResults()) {
            if (r.getError() != null) {
                throw new IllegalStateException("InfluxDB query failed: " + r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : r.getSeries()) {
                List<Object> row = s.getValues().get(0);
                judged += number(row.get(1));
                breach += number(row.get(2));
            }
        }
        Double compliance = judged > 0 ? 100.0 * (1 - breach / judged) : null;
        return new Report(host, vr, from, to, judged, breach, compliance);
    }

    /** An InfluxQL string literal: backslashes and quotes escaped, so a name cannot end the literal. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }
}
