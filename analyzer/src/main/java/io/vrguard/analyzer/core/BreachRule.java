package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.VrSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The shared part of the rules that explain an SLA breach: find breaches, judge each one's contention. */
public abstract class BreachRule implements Rule {
    protected final DetectionSettings settings;

    protected BreachRule(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public int intervalsNeeded() {
        return settings.windowIntervals();
    }

    /** Alone, a breach rule is the set of breach rules with one member. */
    @Override
    public List<Finding> evaluate(HostWindow window, Policies policies) {
        return new BreachRules(settings, List.of(this)).evaluate(window, policies);
    }

    protected abstract Optional<Finding> judge(String host, Breach breach, Contention contention);

    protected Finding finding(ViolationType type, String host, Breach b, Contention c, List<String> aggressors,
            String cause) {
        return new Finding(type, host, b.vr(), aggressors, c.contendedCpus(), b.latest().kind(),
                describe(b) + "; " + cause, figures(b, c));
    }

    static String describe(Breach b) {
        VrSample v = b.latest();
        return String.format(Locale.ROOT,
                "%s delivered %.0f kpps of %.0f offered, below its floor of %.0f kpps (guarantee %.0f, tolerance"
                        + " %.0f%%) in %d of the last %d intervals",
                b.vr(), Breach.kpps(v.deliveredPps()), Breach.kpps(v.offeredPps()),
                b.policy().floorKpps(Breach.kpps(v.offeredPps())), b.policy().guaranteeKpps(),
                b.policy().tolerance() * 100, b.breachedIntervals(), b.judgedIntervals());
    }

    static Map<String, Double> figures(Breach b, Contention c) {
        Map<String, Double> f = new LinkedHashMap<>();
        VrSample v = b.latest();
        f.put("victim.offeredKpps", Breach.kpps(v.offeredPps()));
        f.put("victim.deliveredKpps", Breach.kpps(v.deliveredPps()));
        f.put("victim.guaranteeKpps", b.policy().guaranteeKpps());
        f.put("victim.cpuPercent", Contention.usage(v));
        f.put("victim.breachedIntervals", (double) b.breachedIntervals());
        f.putAll(c.figures());
        for (Contention.Neighbour n : c.neighbours()) {
            String p = n.sample().name() + ".";
            f.put(p + "deliveredKpps", Breach.kpps(n.sample().deliveredPps()));
            f.put(p + "offeredKpps", Breach.kpps(n.sample().offeredPps()));
            f.put(p + "guaranteeKpps", n.policy().guaranteeKpps());
            f.put(p + "cpuPercent", n.usagePercent());
            f.put(p + "fairSharePercent", n.fairSharePercent());
        }
        return f;
    }

    static String cpus(Contention c) {
        return "CPU" + (c.contendedCpus().size() == 1 ? " " : "s ") + c.contendedCpus().toString()
                .replaceAll("[\\[\\] ]", "");
    }
}
