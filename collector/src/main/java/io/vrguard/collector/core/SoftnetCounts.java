package io.vrguard.collector.core;

/** softnet_stat columns 1–3 of one CPU (32-bit counters). */
public record SoftnetCounts(long processed, long dropped, long timeSqueeze) {
}
