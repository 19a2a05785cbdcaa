package io.vrguard.protocol;

/**
 * One CPU's figures for one interval. Rates are per second; percentages are of this one CPU.
 *
 * @param netRxPerSec           NET_RX softirq invocations/s (/proc/softirqs: invocations, not packets)
 * @param netTxPerSec           NET_TX softirq invocations/s
 * @param softnetProcessedPerSec packets through the core receive path/s (softnet_stat col 1)
 * @param softnetDroppedPerSec  backlog drops/s (softnet_stat col 2)
 * @param timeSqueezePerSec     net_rx_action budget exhaustions/s (softnet_stat col 3)
 * @param busyPercent           non-idle time (everything but idle and iowait)
 * @param softirqPercent        softirq time
 * @param irqPercent            hard-irq time
 */
public record CpuSample(
        int cpu,
        double netRxPerSec,
        double netTxPerSec,
        double softnetProcessedPerSec,
        double softnetDroppedPerSec,
        double timeSqueezePerSec,
        double busyPercent,
        double softirqPercent,
        double irqPercent) {
}
