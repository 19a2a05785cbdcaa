package io.vrguard.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a service's counters from its {@code /actuator/prometheus} endpoint, as a Prometheus server would. */
public final class Prometheus {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;

    public Prometheus(int port) {
        this.port = port;
    }

    /** The sum of every series of {@code name} whose labels contain {@code labelPart} (empty: all series). */
    public double sum(String name, String labelPart) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$")
                .matcher(scrape());
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelPart) && !"NaN".equals(m.group(2))) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    public double sum(String name) {
        return sum(name, "");
    }

    /** As {@link #sum(String)}, or -1 while the endpoint does not answer (service starting or stopped). */
    public double sumOrMissing(String name) {
        try {
            return sum(name);
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    /** The endpoint's text; a slow answer (a loaded CI machine) is waited for and retried, a refusal is not. */
    public String scrape() {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
                }
                return response.body();
            } catch (java.net.http.HttpTimeoutException e) {
                last = e;
            } catch (IOException e) {
                throw new IllegalStateException("no /actuator/prometheus on port " + port + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("/actuator/prometheus on port " + port + " did not answer: " + last, last);
    }
}
