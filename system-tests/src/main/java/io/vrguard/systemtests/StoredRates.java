package io.vrguard.systemtests;

import java.util.ArrayList;
import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.QueryResult;

/** Reads back what the analyzer stored for one VR, through the same InfluxQL API the dashboards use. */
public final class StoredRates implements AutoCloseable {
    static final String MEASUREMENT = "vr";
    static final String RX_FIELD = "rxKpps";
    static final String DELIVERED_FIELD = "deliveredKpps";

    private final InfluxDB influx;
    private final String database;

    public StoredRates(String url, String database) {
        this.influx = InfluxDBFactory.connect(url);
        this.database = database;
    }

    /** Received packets/s per stored interval, oldest first, of the intervals that carried traffic. */
    public List<Double> busyRates(String host, String vr, double offeredPps) {
        List<Double> busy = new ArrayList<>();
        for (double[] row : rows(host, vr)) {
            if (row[0] > offeredPps * 0.1) {
                busy.add(row[0]);
            }
        }
        return busy;
    }

    /** Per stored interval: {rx pps, delivered pps}. */
    public List<double[]> rows(String host, String vr) {
        BoundParameterQuery query = BoundParameterQuery.QueryBuilder.newQuery(
                        "SELECT " + RX_FIELD + ", " + DELIVERED_FIELD + " FROM " + MEASUREMENT
                                + " WHERE host = $host AND vr = $vr ORDER BY time ASC")
                .forDatabase(database).bind("host", host).bind("vr", vr).create();
        QueryResult result = influx.query(query);
        List<double[]> rows = new ArrayList<>();
        if (result.hasError() || result.getResults() == null) {
            return rows;
        }
        for (QueryResult.Result r : result.getResults()) {
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series series : r.getSeries()) {
                for (List<Object> values : series.getValues()) {
                    rows.add(new double[] {kppsToPps(values.get(1)), kppsToPps(values.get(2))});
                }
            }
        }
        return rows;
    }

    private static double kppsToPps(Object kpps) {
        return kpps instanceof Number n ? n.doubleValue() * 1000 : 0;
    }

    @Override
    public void close() {
        influx.close();
    }
}
