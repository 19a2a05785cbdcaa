package io.vrguard.lab.physics;

import java.util.List;
import java.util.Locale;

/** Renders step figures as the table the published experiments show: offered, CPU, delivered per VR per step. */
public final class PhysicsTable {
    private static final String ROW = "%-14s %-12s %-6s %6s %9s %9s %9s %8s %6s %8s%n";

    private PhysicsTable() {
    }

    public static String render(List<StepFigures> rows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, ROW, "variant", "step", "vr", "shares",
                "offered", "delivered", "dlvd-p50", "dropped", "cpu%", "of-guar"));
        for (StepFigures f : rows) {
            out.append(String.format(Locale.ROOT, ROW, f.variant(), f.step(), f.router(), f.cpuShares(),
                    kpps(f.offeredKpps()), kpps(f.deliveredKpps()), kpps(f.deliveredMedianKpps()),
                    kpps(f.dropKpps()), Double.isNaN(f.cpuPercent()) ? "-" : String.format(Locale.ROOT, "%.0f",
                            f.cpuPercent()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * f.deliveredShareOfGuarantee())));
        }
        return out.append("(kpps; dlvd-p50 = median of 250 ms intervals; of-guar = dlvd-p50 / guarantee)\n")
                .toString();
    }

    private static String kpps(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
