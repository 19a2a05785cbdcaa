package io.vrguard.lab.scenario;

import java.util.List;

/** A scenario file that cannot be used, with every problem found (not just the first). */
public final class ScenarioException extends RuntimeException {
    private final List<String> problems;

    public ScenarioException(String source, List<String> problems) {
        super("scenario " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
