package io.vrguard.systemtests;

import java.util.ArrayList;
import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.QueryResult;

/**
 * What the analyzer stored per host sample: its {@code host_health} point (one per sample, at the sample's own
 * timestamp, with the sample's sequence number), read through InfluxQL as a dashboard would.
 */
public final class StoredHealth implements AutoCloseable {
    private final InfluxDB influx;
    private final String database;

    public StoredHealth(String url, String database) {
        this.influx = InfluxDBFactory.connect(url);
        this.database = database;
    }

    /** Sequence numbers of the host's stored samples, oldest first (stale markers left out). */
    public List<Long> seqs(String host) {
        return longs("SELECT seq FROM host_health WHERE host = $host AND stale = 0 ORDER BY time ASC", host);
    }

    /** How many points of {@code measurement} the host has. */
    public long count(String measurement, String host) {
        List<Long> counts = longs("SELECT count(*) FROM \"" + measurement + "\" WHERE host = $host", host);
        return counts.isEmpty() ? 0 : counts.get(0);
    }

    /**
     * One field of the host's {@code vr} points of one VR, by point time in epoch milliseconds (the sample's
     * timestamp), to compare what was stored with what was sent.
     */
    public java.util.Map<Long, Double> vrField(String host, String vr, String field) {
        java.util.Map<Long, Double> out = new java.util.HashMap<>();
        QueryResult result = influx.query(BoundParameterQuery.QueryBuilder.newQuery("SELECT \"" + field
                + "\" FROM vr WHERE host = $host AND vr = $vr").forDatabase(database).bind("host", host)
                .bind("vr", vr).create(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (result.hasError() || result.getResults() == null) {
            return out;
        }
        for (QueryResult.Result r : result.getResults()) {
            if (r.getSeries() != null) {
                r.getSeries().forEach(series -> series.getValues().forEach(row -> {
                    if (row.get(0) instanceof Number t && row.get(1) instanceof Number v) {
                        out.put(t.longValue(), v.doubleValue());
                    }
                }));
            }
        }
        return out;
    }

    /** Violation events stored for the host: {id, event, type} per point, oldest first. */
    public List<String[]> violations(String host) {
        List<String[]> out = new ArrayList<>();
        for (List<Object> row : rows("SELECT id, event, \"type\" FROM violation WHERE host = $host ORDER BY time ASC",
                host)) {
            out.add(new String[] {String.valueOf(row.get(1)), String.valueOf(row.get(2)), String.valueOf(row.get(3))});
        }
        return out;
    }

    private List<Long> longs(String query, String host) {
        List<Long> out = new ArrayList<>();
        for (List<Object> row : rows(query, host)) {
            for (int i = 1; i < row.size(); i++) {
                if (row.get(i) instanceof Number n) {
                    out.add(n.longValue());
                    break;
                }
            }
        }
        return out;
    }

    private List<List<Object>> rows(String query, String host) {
        QueryResult result = influx.query(BoundParameterQuery.QueryBuilder.newQuery(query).forDatabase(database)
                .bind("host", host).create());
        List<List<Object>> rows = new ArrayList<>();
        if (result.hasError() || result.getResults() == null) {
            return rows;
        }
        for (QueryResult.Result r : result.getResults()) {
            if (r.getSeries() != null) {
                r.getSeries().forEach(s -> rows.addAll(s.getValues()));
            }
        }
        return rows;
    }

    @Override
    public void close() {
        influx.close();
    }
}
