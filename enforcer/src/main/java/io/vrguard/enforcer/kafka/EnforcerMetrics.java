package io.vrguard.enforcer.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.enforcer.core.Handled;
import io.vrguard.protocol.AppliedChange;

/** The enforcer's meters; tags are bounded sets (status, rejection code, change outcome, method). */
public final class EnforcerMetrics {
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter ignored;
    private final Counter published;
    private final Counter publishFailures;

    public EnforcerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = registry.counter("enforcer.commands.received");
        this.ignored = registry.counter("enforcer.commands.ignored");
        this.published = registry.counter("enforcer.results.published");
        this.publishFailures = registry.counter("enforcer.results.publish.failures");
    }

    public void received() {
        received.increment();
    }

    /** A record on our partition keyed for another host: that host's enforcer answers it. */
    public void ignored() {
        ignored.increment();
    }

    public void handled(Handled handled) {
        registry.counter("enforcer.commands.handled", "status", handled.result().status().wireName()).increment();
        if (handled.rejection() != null) {
            registry.counter("enforcer.commands.rejected", "reason", handled.rejection()).increment();
        }
        for (AppliedChange change : handled.result().changes()) {
            registry.counter("enforcer.changes", "outcome", String.valueOf(change.outcome()),
                    "method", String.valueOf(change.method())).increment();
        }
    }

    /** A record that is not a command, copied to the dead-letter topic. */
    public void deadLettered() {
        registry.counter("enforcer.commands.dead_lettered").increment();
    }

    public void published() {
        published.increment();
    }

    /** An unexpected error in the loop; the record is retried. */
    public void loopError() {
        registry.counter("enforcer.loop.errors").increment();
    }

    public void publishFailed() {
        publishFailures.increment();
    }
}
