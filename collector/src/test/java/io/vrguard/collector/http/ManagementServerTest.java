package io.vrguard.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The management port serves health and Prometheus, and nothing else. */
class ManagementServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesHealthAndPrometheusOnlyAndReportsDownWhenTheSamplerStops() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (ManagementServer server = new ManagementServer(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), () -> "collector_samples_taken_total 3.0\n", healthy::get).start()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> health = get(base + "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");

            HttpResponse<String> prometheus = get(base + "/actuator/prometheus");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(prometheus.body()).contains("collector_samples_taken_total 3.0");

            for (String path : new String[] {"/", "/actuator", "/actuator/env", "/actuator/healthz",
                    "/actuator/health/../env", "/actuator/heapdump", "/actuator/shutdown"}) {
                assertThat(get(base + path).statusCode()).as(path).isEqualTo(404);
            }
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);

            healthy.set(false);
            HttpResponse<String> down = get(base + "/actuator/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("DOWN");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
