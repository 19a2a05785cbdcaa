package io.vrguard.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the analyzer asks one host's enforcer to do. Travels inside a {@link SignedCommand}.
 *
 * @param id                     unique; the enforcer refuses an id it has seen (replay)
 * @param host                   the only host that may apply it
 * @param violationId            the violation it answers (null for revert/stop/resume issued by an operator)
 * @param predictedDeliveredKpps per VR, what the analyzer expects each VR to deliver once applied
 */
public record EnforcementCommand(
        int schema,
        String id,
        String host,
        Instant issuedAt,
        Instant expiresAt,
        CommandType type,
        String violationId,
        String reason,
        List<SettingChange> changes,
        Map<String, Double> predictedDeliveredKpps) implements Versioned {

    public EnforcementCommand {
        changes = changes == null ? List.of() : List.copyOf(changes);
        predictedDeliveredKpps = predictedDeliveredKpps == null ? Map.of() : Map.copyOf(predictedDeliveredKpps);
    }
}
