package io.vrguard.lab.report;

import java.time.Instant;

/**
 * One VR over one sampling interval, measured by the lab itself: offered from its source's counter, delivered from
 * its sink's, drops from the tun the relay reads, CPU from the VR's cgroup, shares as the cgroup holds them at the
 * end of the interval. {@code at} is the interval's end on the lab's clock; {@code seconds} since the run began.
 */
public record IntervalRow(Instant at, double seconds, String step, String router, String kind, double guaranteeKpps,
                          double offeredKpps, double deliveredKpps, double dropKpps, double cpuPercent,
                          int cpuShares, String state) {

    /** Below its guarantee: delivered under (1 - tolerance) x min(offered, guarantee), as the analyzer judges. */
    public boolean below(double tolerance) {
        double owed = Math.min(offeredKpps, guaranteeKpps);
        return guaranteeKpps > 0 && owed > 0 && deliveredKpps < owed * (1 - tolerance);
    }

    /** Delivered as a share of what was owed, min(offered, guarantee); NaN without a guarantee. */
    public double ofGuarantee() {
        double owed = Math.min(offeredKpps, guaranteeKpps);
        return guaranteeKpps > 0 && owed > 0 ? deliveredKpps / owed : Double.NaN;
    }
}
