package io.vrguard.lab.run;

import java.util.Locale;

/**
 * What vrguard may do in a lab run. {@code baseline}: the analyzer detects and advises (plans published, never
 * sent), the enforcer only observes. {@code enforced}: the analyzer's policy mode is {@code auto} (signed commands
 * on vrguard.commands) and the enforcer applies them.
 */
public enum RunMode {
    BASELINE("advise", "observe"), ENFORCED("auto", "enforce");

    private final String policyMode;
    private final String enforcerMode;

    RunMode(String policyMode, String enforcerMode) {
        this.policyMode = policyMode;
        this.enforcerMode = enforcerMode;
    }

    public String policyMode() {
        return policyMode;
    }

    public String enforcerMode() {
        return enforcerMode;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunMode parse(String value) {
        for (RunMode m : values()) {
            if (m.wireName().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--mode must be baseline or enforced, not '" + value + "'");
    }
}
