package io.vrguard.analyzer.http;

import io.vrguard.analyzer.core.PolicyRule;
import io.vrguard.analyzer.core.SlaPolicy;
import io.vrguard.analyzer.policy.PolicyStore;
import java.util.Collection;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SLA policies. A rule lives at its scope's path: {@code /api/policies/fleet}, {@code /api/policies/host/HOST},
 * {@code /api/policies/vr/HOST/VR} ({@code HOST} = {@code *} for every host). {@code GET /api/policies} lists
 * them, {@code POST /api/policies} creates one (scope in the body), {@code /api/policies/resolved/HOST/VR} shows
 * the effective policy of one VR.
 */
@RestController
@RequestMapping("/api/policies")
public class PolicyController {
    private final PolicyStore store;

    public PolicyController(PolicyStore store) {
        this.store = store;
    }

    @GetMapping
    public Collection<PolicyRule> list() {
        return store.current().rules();
    }

    @GetMapping("/resolved/{host}/{vr}")
    public SlaPolicy resolved(@PathVariable String host, @PathVariable String vr) {
        return store.current().resolve(host, vr);
    }

    @GetMapping({"/fleet", "/host/{host}", "/vr/{host}/{vr}"})
    public ResponseEntity<PolicyRule> read(@PathVariable(required = false) String host,
            @PathVariable(required = false) String vr) {
        return ResponseEntity.of(store.get(scope(host, vr)));
    }

    @PostMapping
    public ResponseEntity<PolicyRule> create(@RequestBody PolicyRule rule) {
        if (rule.scope() != null && store.get(rule.scope()).isPresent()) {
            throw new ApiErrors.Conflict("policy '" + rule.scope() + "' exists; use PUT to change it");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(store.put(rule));
    }

    @PutMapping({"/fleet", "/host/{host}", "/vr/{host}/{vr}"})
    public PolicyRule change(@PathVariable(required = false) String host, @PathVariable(required = false) String vr,
            @RequestBody PolicyRule rule) {
        String scope = scope(host, vr);
        if (rule.scope() != null && !Objects.equals(rule.scope(), scope)) {
            throw new IllegalArgumentException("scope in the body ('" + rule.scope()
                    + "') differs from the scope of the path ('" + scope + "')");
        }
        return store.put(new PolicyRule(scope, rule.guaranteeKpps(), rule.maxDropRatio(), rule.priority(),
                rule.mode(), rule.minShares(), rule.maxShares(), rule.quotaAllowed(), rule.allowedCpus(),
                rule.tolerance(), rule.minQuotaPercent()));
    }

    @DeleteMapping({"/fleet", "/host/{host}", "/vr/{host}/{vr}"})
    public ResponseEntity<Void> delete(@PathVariable(required = false) String host,
            @PathVariable(required = false) String vr) {
        return store.delete(scope(host, vr)) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    static String scope(String host, String vr) {
        if (vr != null) {
            return PolicyRule.vrScope(host, vr);
        }
        return host != null ? PolicyRule.hostScope(host) : PolicyRule.FLEET;
    }
}
