package io.vrguard.analyzer.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Plain InfluxDB 1.x HTTP: queries for counts, and the bulk line-protocol load the analyzer is compared with. */
public final class Influx {
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public Influx(String url) {
        this.url = url;
    }

    public String query(String db, String q) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/query?db=" + db + "&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** The single number a {@code SELECT count(...)} returns, 0 when there is no series. */
    public long count(String db, String q) throws Exception {
        String body = query(db, q);
        int values = body.indexOf("\"values\":[[");
        if (values < 0) {
            return 0;
        }
        String row = body.substring(values + 11, body.indexOf("]]", values));
        return Long.parseLong(row.substring(row.indexOf(',') + 1).trim());
    }

    /**
     * One POST of line protocol (ms precision), repeated after a 5xx (an overloaded influxd answers "timeout")
     * as any bulk loader must; returns the number of retries; throws on anything else but 204.
     */
    public int write(String db, String lines) throws Exception {
        for (int retries = 0; ; retries++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/write?db=" + db
                    + "&precision=ms")).POST(HttpRequest.BodyPublishers.ofString(lines)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 204) {
                return retries;
            }
            if (r.statusCode() < 500 || retries >= 20) {
                throw new IllegalStateException("InfluxDB answered " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(200);
        }
    }
}
