package io.vrguard.protocol;

/**
 * A source that could not be read, or lines that were skipped, in one interval.
 *
 * @param source         what was read, e.g. {@code /proc/net/softnet_stat} or {@code vr1/cgroup}
 * @param message        why
 * @param skippedLines   malformed lines skipped and counted
 */
public record SampleProblem(String source, String message, int skippedLines) {
}
