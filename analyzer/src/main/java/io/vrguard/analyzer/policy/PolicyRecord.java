package io.vrguard.analyzer.policy;

import io.vrguard.analyzer.core.InvalidPolicyException;
import io.vrguard.analyzer.core.PolicyRule;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;

/**
 * A record of {@code vrguard.slas} read through protocol's decoder ({@link WireJson#decode}: empty, oversized,
 * malformed and truncated records are refused with the reason). A rule may carry {@code schema} (absent = 1);
 * a newer one is refused rather than half understood. The key must be the rule's scope, or compaction would
 * keep the wrong record.
 */
final class PolicyRecord {
    static final int SCHEMA = 1;

    /** Only the version field of a policy record. */
    private record Version(Integer schema) {
    }

    private PolicyRecord() {
    }

    static PolicyRule decode(String key, byte[] value) {
        PolicyRule rule = WireJson.decode(value, PolicyRule.class);
        Integer schema = WireJson.decode(value, Version.class).schema();
        if (schema != null && (schema < 1 || schema > SCHEMA)) {
            throw new WireFormatException("PolicyRule schema version " + schema
                    + " is not supported (this reader knows 1.." + SCHEMA + ")");
        }
        if (key == null || !key.equals(rule.scope())) {
            throw new InvalidPolicyException(rule.scope(), java.util.List.of("record key '" + key
                    + "' is not its scope"));
        }
        return rule;
    }
}
