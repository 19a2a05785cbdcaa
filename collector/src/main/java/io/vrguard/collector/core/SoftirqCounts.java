package io.vrguard.collector.core;

/** NET_RX and NET_TX softirq invocations on one CPU (32-bit counters). */
public record SoftirqCounts(long netRx, long netTx) {
}
