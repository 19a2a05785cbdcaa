package io.vrguard.lab.report;

import java.time.Instant;

/** When a step of the timeline ran, on the lab's clock. */
public record StepWindow(String name, Instant from, Instant to) {
}
