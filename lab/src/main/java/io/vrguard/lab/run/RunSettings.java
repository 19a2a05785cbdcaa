package io.vrguard.lab.run;

import io.vrguard.lab.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code lab run}: the scenario, the mode, where the report goes, and how vrguard is set up for it.
 *
 * @param servicesRoot      the checkout whose {@code MODULE/target/MODULE.jar} are started
 * @param bootstrapServers  an external broker, or null for the lab's own in-process one
 */
public record RunSettings(Scenario scenario, RunMode mode, Path out, String bootstrapServers, Path workDir,
                          Path servicesRoot, Path inventory) {
    /** The collector's sampling interval; the live lines and the report's series use the same. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /**
     * Detection window k of n: the issue wants the violation reported within 2 intervals of the victim first
     * falling below its guarantee, so 2 breaching intervals of the last 3 open it (the analyzer's default is 3 of 5).
     */
    public static final int BREACH_INTERVALS = 2;
    public static final int WINDOW_INTERVALS = 3;
    /** Intervals the analyzer waits for the victim to recover before escalating (default 3; shares take 2-3). */
    public static final int VERIFY_INTERVALS = 5;
    /** The planner may double a victim's shares and halve nobody's; 4 leaves room for unequal packet costs. */
    public static final String ENFORCER_MAX_FACTOR = "4.0";
    public static final String HOST_ID = "vrgl-lab";
    public static final String CGROUP_BASE = "vrglab";

    public RunSettings withInventory(Path file) {
        return new RunSettings(scenario, mode, out, bootstrapServers, workDir, servicesRoot, file);
    }

    public Duration interval() {
        return INTERVAL;
    }

    public String hostId() {
        return HOST_ID;
    }

    public String cgroupBase() {
        return CGROUP_BASE;
    }

    public Path serviceDir() {
        return workDir.resolve("run");
    }

    public Path serviceJar(String module) {
        return servicesRoot.resolve(module).resolve("target").resolve(module + ".jar");
    }
}
