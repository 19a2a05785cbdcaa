package io.vrguard.analyzer.core;

import io.vrguard.protocol.PolicyBounds;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An immutable set of policy layers by scope, resolved per VR. */
public final class Policies {
    /**
     * Built-in fleet defaults: a VR without a guarantee is watched for staleness only; a quota cap never below
     * 10 % of a CPU, the enforcer's own default {@code min-quota-percent}.
     */
    static final PolicyRule BUILT_IN = new PolicyRule(PolicyRule.FLEET, 0.0, 0.01, 5, Mode.ADVISE,
            2L, 262144L, false, List.of(), 0.02, 10.0);

    private final Map<String, PolicyRule> byScope;
    /**
     * Resolutions already made, by host then VR (no key string built per lookup: this runs for every VR of every
     * sample): the set is immutable, so they never go stale; bounded to keep memory flat.
     */
    private final Map<String, Map<String, SlaPolicy>> resolved = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger resolutions = new java.util.concurrent.atomic.AtomicInteger();

    private Policies(Map<String, PolicyRule> byScope) {
        this.byScope = byScope;
    }

    public static Policies empty() {
        return new Policies(Map.of());
    }

    /** Refuses the whole set if any rule is invalid or two rules share a scope. */
    public static Policies of(Collection<PolicyRule> rules) {
        Map<String, PolicyRule> map = new LinkedHashMap<>();
        for (PolicyRule r : rules) {
            List<String> problems = r.problems();
            if (!problems.isEmpty()) {
                throw new InvalidPolicyException(r.scope(), problems);
            }
            if (map.put(r.scope(), r) != null) {
                throw new InvalidPolicyException(r.scope(), List.of("scope appears twice"));
            }
        }
        return new Policies(Map.copyOf(map));
    }

    public Policies with(PolicyRule rule) {
        List<String> problems = rule.problems();
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(rule.scope(), problems);
        }
        Map<String, PolicyRule> map = new LinkedHashMap<>(byScope);
        map.put(rule.scope(), rule);
        return new Policies(Map.copyOf(map));
    }

    public Policies without(String scope) {
        Map<String, PolicyRule> map = new LinkedHashMap<>(byScope);
        map.remove(scope);
        return new Policies(Map.copyOf(map));
    }

    public Optional<PolicyRule> rule(String scope) {
        return Optional.ofNullable(byScope.get(scope));
    }

    public Collection<PolicyRule> rules() {
        return byScope.values();
    }

    /** Fleet, then {@code vr:*\/VR}, then {@code host:HOST}, then {@code vr:HOST/VR}: the narrower wins. */
    public SlaPolicy resolve(String host, String vr) {
        Map<String, SlaPolicy> ofHost = resolved.get(host);
        SlaPolicy known = ofHost == null ? null : ofHost.get(vr);
        if (known != null) {
            return known;
        }
        SlaPolicy fresh = layer(host, vr);
        if (resolutions.get() < 1_000_000) {
            resolved.computeIfAbsent(host, h -> new ConcurrentHashMap<>()).put(vr, fresh);
            resolutions.incrementAndGet();
        }
        return fresh;
    }

    private SlaPolicy layer(String host, String vr) {
        PolicyRule r = BUILT_IN;
        for (String scope : List.of(PolicyRule.FLEET, "vr:*/" + vr, PolicyRule.hostScope(host),
                PolicyRule.vrScope(host, vr))) {
            PolicyRule layer = byScope.get(scope);
            if (layer != null) {
                r = layer.over(r);
            }
        }
        return new SlaPolicy(r.guaranteeKpps(), r.maxDropRatio(), r.priority(), r.mode(),
                new PolicyBounds(r.minShares(), r.maxShares(), r.quotaAllowed(), r.allowedCpus(),
                        r.minQuotaPercent()), r.tolerance());
    }
}
