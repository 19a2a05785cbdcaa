package io.vrguard.analyzer.core;

import io.vrguard.protocol.ViolationEvent;
import java.util.ArrayList;
import java.util.List;

/** What one step of analysis produced: violation events, planned commands and the host's health. */
public record AnalysisOutput(List<ViolationEvent> events, List<PlannedCommand> commands, List<HostHealth> health) {
    public static final AnalysisOutput NONE = new AnalysisOutput(List.of(), List.of(), List.of());

    public AnalysisOutput {
        events = List.copyOf(events);
        commands = List.copyOf(commands);
        health = List.copyOf(health);
    }

    public AnalysisOutput plus(AnalysisOutput other) {
        List<ViolationEvent> e = new ArrayList<>(events);
        e.addAll(other.events);
        List<PlannedCommand> c = new ArrayList<>(commands);
        c.addAll(other.commands);
        List<HostHealth> h = new ArrayList<>(health);
        h.addAll(other.health);
        return new AnalysisOutput(e, c, h);
    }
}
