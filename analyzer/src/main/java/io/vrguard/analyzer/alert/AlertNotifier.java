package io.vrguard.analyzer.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts through the Alertmanager v2 API ({@code POST /api/v2/alerts}). Firing alerts carry an end a few resend
 * intervals ahead and are re-sent each interval (as Prometheus does), so an analyzer that dies lets them expire
 * instead of leaving them stuck; a resolved violation is sent once with its end time.
 */
public class AlertNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

    private final URI endpoint;
    private final Duration resend;
    private final Duration timeout;
    private final Clock clock;
    private final MeterRegistry registry;
    private final HttpClient http;
    private final Map<String, Map<String, Object>> firing = new ConcurrentHashMap<>();

    public AlertNotifier(URI base, Duration resend, Duration timeout, Clock clock, MeterRegistry registry) {
        this.endpoint = base.resolve("/api/v2/alerts");
        this.resend = resend;
        this.timeout = timeout;
        this.clock = clock;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public void notify(List<ViolationEvent> events) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (ViolationEvent e : events) {
            Map<String, Object> alert = alert(e);
            if (ViolationEvent.RESOLVED.equals(e.event())) {
                firing.remove(e.id());
            } else {
                firing.put(e.id(), alert);
            }
            batch.add(alert);
        }
        send(batch);
    }

    /** Re-sends firing alerts with a fresh end time. */
    public void resendFiring() {
        List<Map<String, Object>> batch = new ArrayList<>();
        firing.values().forEach(a -> {
            Map<String, Object> copy = new LinkedHashMap<>(a);
            copy.put("endsAt", clock.instant().plus(resend.multipliedBy(4)).toString());
            batch.add(copy);
        });
        send(batch);
    }

    Map<String, Object> alert(ViolationEvent e) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertName(e.type()));
        labels.put("host", e.host());
        labels.put("vr", e.victim() == null ? "" : e.victim());
        labels.put("kind", e.type().wireName());
        labels.put("severity", severity(e.type()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("explanation", e.explanation());
        annotations.put("violation_id", e.id());
        if (!e.aggressors().isEmpty()) {
            annotations.put("aggressors", String.join(",", e.aggressors()));
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        // times come from the host's samples; Alertmanager judges them by its own clock, so a host clock that runs
        // ahead must neither keep a resolved alert active nor start an alert after it ended (refused with 400)
        Instant now = clock.instant();
        Instant end = ViolationEvent.RESOLVED.equals(e.event()) ? earliest(e.at(), now)
                : now.plus(resend.multipliedBy(4));
        alert.put("startsAt", earliest(e.startedAt(), earliest(now, end)).toString());
        alert.put("endsAt", end.toString());
        return alert;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String alertName(ViolationType t) {
        return switch (t) {
            case ISOLATION_VIOLATION -> "VrguardIsolationViolation";
            case SLA_BREACH -> "VrguardSlaBreach";
            case OVERCOMMIT -> "VrguardOvercommit";
            case STALE -> "VrguardStale";
        };
    }

    static String severity(ViolationType t) {
        return t == ViolationType.ISOLATION_VIOLATION ? "critical" : "warning";
    }

    private void send(List<Map<String, Object>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WireJson.toJson(batch))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                registry.counter("analyzer.alerts.failed").increment();
                LOG.warn("Alertmanager answered {}: {}", response.statusCode(), response.body());
                return;
            }
            registry.counter("analyzer.alerts.sent").increment(batch.size());
        } catch (IOException e) {
            registry.counter("analyzer.alerts.failed").increment();
            LOG.warn("Alertmanager not reachable at {}: {}", endpoint, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
