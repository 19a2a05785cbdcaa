package io.vrguard.analyzer.core;

import java.util.List;

/** A policy that must not be stored, with every reason. */
public class InvalidPolicyException extends RuntimeException {
    private final List<String> problems;

    public InvalidPolicyException(String scope, List<String> problems) {
        super("invalid policy '" + scope + "': " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
