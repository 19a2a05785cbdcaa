package io.vrguard.lab;

import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.testbed.Testbed;
import io.vrguard.lab.testbed.TestbedSettings;

/**
 * A testbed tied to this JVM's life: a shutdown hook removes it on Ctrl-C or SIGTERM, and the helpers exit on
 * their own when the JVM dies harder (their stdin closes). After SIGKILL, {@code lab clean} removes the rest.
 */
final class LabSession implements AutoCloseable {
    private final Testbed bed;
    private final Thread hook;

    LabSession(Scenario scenario, TestbedSettings settings) {
        this.bed = Testbed.build(scenario, settings);
        this.hook = new Thread(bed::close, "vrgl-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Testbed bed() {
        return bed;
    }

    @Override
    public void close() {
        bed.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }
}
