package io.vrguard.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** Runs InfluxQL through influxdb-java's /query, as Grafana's InfluxQL datasource does over HTTP. */
final class InfluxQueries implements AutoCloseable {
    private final InfluxDB influx;
    private final String database;

    InfluxQueries(String url, String database) {
        this.influx = InfluxDBFactory.connect(url);
        this.database = database;
    }

    /** One series of a result: its tags and rows (first column is time, except for SHOW queries). */
    record Series(String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {
        /**
         * Whether any cell other than time holds a number other than 0 or a non-empty string: a panel that shows
         * only zeros (a GROUP BY time with fill(0), a mean over fields never written) proves nothing about the
         * data behind it. Where 0 is a real answer (no drops, no throttling), use {@link #hasAnyValue}.
         */
        boolean hasValue() {
            return anyCell(v -> v instanceof Number n && n.doubleValue() != 0 || v instanceof String s && !s.isEmpty());
        }

        /** Whether any cell other than time holds a number, 0 included, or a non-empty string. */
        boolean hasAnyValue() {
            return anyCell(v -> v instanceof Number || v instanceof String s && !s.isEmpty());
        }

        private boolean anyCell(Predicate<Object> test) {
            for (List<Object> row : values) {
                for (int i = 0; i < row.size(); i++) {
                    if (!"time".equals(columns.get(i)) && test.test(row.get(i))) {
                        return true;
                    }
                }
            }
            return false;
        }

        List<Object> column(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + name + " in " + columns);
            }
            return values.stream().map(row -> row.get(i)).filter(Objects::nonNull).toList();
        }

        /** The last non-null value of the first value column. */
        Double lastNumber() {
            Double last = null;
            for (List<Object> row : values) {
                if (row.get(1) instanceof Number n) {
                    last = n.doubleValue();
                }
            }
            return last;
        }
    }

    /** The series a query returns; an InfluxQL error is a test failure naming the query. */
    List<Series> run(String query) {
        QueryResult result = influx.query(new Query(query, database));
        if (result.hasError()) {
            throw new AssertionError("InfluxDB refused " + query + ": " + result.getError());
        }
        List<Series> out = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                throw new AssertionError("InfluxDB refused " + query + ": " + r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : r.getSeries()) {
                out.add(new Series(s.getName(), s.getTags() == null ? Map.of() : s.getTags(), s.getColumns(),
                        s.getValues() == null ? List.of() : s.getValues()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        influx.close();
    }
}
