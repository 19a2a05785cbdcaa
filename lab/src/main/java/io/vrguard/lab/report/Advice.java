package io.vrguard.lab.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One setting of a plan the analyzer published but did not send (policy mode {@code advise}, baseline runs), as
 * its REST API lists them ({@code GET /api/plans}): what vrguard would have done.
 */
public record Advice(Instant at, String step, String router, String change, String mode, String violationId) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The plans of {@code host} in the analyzer's {@code /api/plans} answer; unreadable input gives none. */
    public static List<Advice> fromPlans(String json, String host) {
        List<Advice> out = new ArrayList<>();
        JsonNode plans;
        try {
            plans = JSON.readTree(json);
        } catch (RuntimeException e) {
            return out;
        }
        if (plans == null || !plans.isArray()) {
            return out;
        }
        for (JsonNode plan : plans) {
            JsonNode command = plan.path("command");
            if (!host.equals(command.path("host").asString(""))) {
                continue;
            }
            Instant at = command.hasNonNull("issuedAt") ? Instant.parse(command.get("issuedAt").asString()) : null;
            for (JsonNode c : command.path("changes")) {
                String change = c.path("setting").asString("?") + (c.hasNonNull("target")
                        ? " " + c.get("target").asString() : "") + " -> " + c.path("value").asString(
                        c.path("requested").asString("?"));
                out.add(new Advice(at, plan.path("step").asString(null), c.path("router").asString(null), change,
                        plan.path("mode").asString(null), command.path("violationId").asString(null)));
            }
        }
        return out;
    }
}
