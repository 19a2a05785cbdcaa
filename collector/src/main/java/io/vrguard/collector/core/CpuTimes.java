package io.vrguard.collector.core;

/** One CPU's /proc/stat times in USER_HZ ticks ({@code guest} is inside {@code user} and not kept apart). */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
        long steal) {

    public long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    public long idleAll() {
        return idle + iowait;
    }
}
