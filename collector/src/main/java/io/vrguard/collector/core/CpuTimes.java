package io.vrguard.collector.core;

/** One CPU's /proc/stat times in USER_HZ ticks ({@code guest} is inside {@code user} and not kept apart). */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
        long steal) {

    /** The sum, or -1 when it passes 2^63 (only corrupt input does). */
    public long total() {
        long sum = 0;
        for (long v : new long[] {user, nice, system, idle, iowait, irq, softirq, steal}) {
            sum += v;
            if (sum < 0 || v < 0) {
                return -1;
            }
        }
        return sum;
    }

    public long idleAll() {
        return idle + iowait;
    }
}
