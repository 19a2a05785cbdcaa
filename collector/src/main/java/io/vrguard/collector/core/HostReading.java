package io.vrguard.collector.core;

import io.vrguard.protocol.SampleProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything read from one host at one moment. {@code monoNanos} is the monotonic time of the read, which rates
 * divide by; {@code wall} is only the label.
 */
public record HostReading(long monoNanos, Instant wall, Map<Integer, SoftirqCounts> softirqs,
        Map<Integer, SoftnetCounts> softnet, Map<Integer, CpuTimes> cpuTimes, List<VrReading> routers,
        List<SampleProblem> problems) {
    public HostReading {
        softirqs = Map.copyOf(softirqs);
        softnet = Map.copyOf(softnet);
        cpuTimes = Map.copyOf(cpuTimes);
        routers = List.copyOf(routers);
        problems = List.copyOf(problems);
    }
}
