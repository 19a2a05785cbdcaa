package io.vrguard.analyzer.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The breach rules evaluated together: breaches and their contention are computed once per window and each rule
 * only judges them (the same findings as evaluating each rule on its own, for a third of the work).
 */
final class BreachRules implements Rule {
    private final DetectionSettings settings;
    private final List<BreachRule> rules;

    BreachRules(DetectionSettings settings, List<BreachRule> rules) {
        this.settings = settings;
        this.rules = List.copyOf(rules);
    }

    @Override
    public int intervalsNeeded() {
        return settings.windowIntervals();
    }

    @Override
    public List<Finding> evaluate(HostWindow window, Policies policies) {
        List<Finding> out = new ArrayList<>();
        for (Breach breach : Breach.find(window, policies, settings)) {
            Contention contention = Contention.assess(window, breach, policies, settings);
            for (BreachRule rule : rules) {
                rule.judge(window.host(), breach, contention).ifPresent(out::add);
            }
        }
        return out;
    }
}
