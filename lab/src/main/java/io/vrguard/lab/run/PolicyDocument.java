package io.vrguard.lab.run;

import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.lab.scenario.Scenario;
import java.util.Locale;

/**
 * The analyzer's SLA policy file for a run: the scenario's guarantees per VR on the lab's host, the run mode's
 * policy mode fleet-wide, and a 5 % tolerance (the "at least 95 % of its guarantee"). The aggressor may be
 * capped with a CFS quota if shares alone do not restore the victim (the analyzer's escalation).
 */
public final class PolicyDocument {
    public static final double TOLERANCE = 0.05;

    private PolicyDocument() {
    }

    public static String yaml(Scenario scenario, String host, RunMode mode) {
        StringBuilder y = new StringBuilder("# written by the vrguard lab for scenario ").append(scenario.name())
                .append(", mode ").append(mode.wireName()).append('\n');
        y.append("policies:\n");
        y.append("  - scope: fleet\n");
        y.append("    mode: ").append(mode.policyMode()).append('\n');
        y.append("    tolerance: ").append(TOLERANCE).append('\n');
        y.append("    quotaAllowed: true\n");
        for (RouterSpec r : scenario.routers()) {
            y.append("  - scope: vr:").append(host).append('/').append(r.name()).append('\n');
            y.append("    guaranteeKpps: ").append(String.format(Locale.ROOT, "%.3f", r.guaranteeKpps())).append('\n');
        }
        return y.toString();
    }
}
