package io.vrguard.analyzer.http;

import io.vrguard.analyzer.app.AnalysisService;
import io.vrguard.analyzer.core.PlannedCommand;
import io.vrguard.analyzer.influx.SlaAccounting;
import io.vrguard.protocol.ViolationEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Open violations, recent plans (advice included) and SLA accounting. */
@RestController
@RequestMapping("/api")
public class StatusController {
    private final AnalysisService service;
    private final SlaAccounting accounting;
    private final Clock clock;

    public StatusController(AnalysisService service, SlaAccounting accounting, Clock clock) {
        this.service = service;
        this.accounting = accounting;
        this.clock = clock;
    }

    @GetMapping("/violations")
    public Collection<ViolationEvent> violations() {
        return service.openViolations();
    }

    @GetMapping("/plans")
    public List<PlannedCommand> plans() {
        return service.recentPlans();
    }

    /**
     * SLA of one VR: {@code period=day} (last 24 h), {@code month} (the current calendar month, UTC), or an
     * explicit {@code from}/{@code to} (ISO-8601 instants).
     */
    @GetMapping("/sla/{host}/{vr}")
    public SlaAccounting.Report sla(@PathVariable String host, @PathVariable String vr,
            @RequestParam(required = false) String period, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        Instant now = clock.instant();
        if (from != null || to != null) {
            Instant start = from == null ? Instant.EPOCH : from;
            Instant end = to == null ? now : to;
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("from (" + start + ") must be before to (" + end + ")");
            }
            return accounting.report(host, vr, start, end);
        }
        String p = period == null ? "day" : period;
        return switch (p) {
            case "day" -> accounting.report(host, vr, now.minus(Duration.ofDays(1)), now);
            case "month" -> accounting.report(host, vr, now.atZone(ZoneOffset.UTC).withDayOfMonth(1)
                    .truncatedTo(ChronoUnit.DAYS).toInstant(), now);
            default -> throw new IllegalArgumentException("period must be 'day' or 'month', got '" + p + "'");
        };
    }
}
