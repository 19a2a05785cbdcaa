package io.vrguard.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One host's sample for one interval, on {@link Topics#SAMPLES} with key = {@link #host()}.
 *
 * @param schema       wire schema version, {@link WireSchema#HOST_SAMPLE}
 * @param host         host id
 * @param seq          per-host sequence number, +1 per interval, so loss anywhere downstream is countable
 * @param timestamp    end of the interval (wall clock, aligned to the interval)
 * @param intervalMs   configured interval
 * @param elapsedMs    real elapsed time between the two reads (monotonic clock) that the rates divide by
 * @param cpus         per-CPU SoftIRQ and load figures
 * @param routers      per-VR figures
 * @param problems     what could not be read this interval (a source failing never drops the others)
 */
public record HostSample(
        int schema,
        String host,
        long seq,
        Instant timestamp,
        long intervalMs,
        double elapsedMs,
        List<CpuSample> cpus,
        List<VrSample> routers,
        List<SampleProblem> problems) implements Versioned {

    public HostSample {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timestamp, "timestamp");
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
        routers = routers == null ? List.of() : List.copyOf(routers);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
