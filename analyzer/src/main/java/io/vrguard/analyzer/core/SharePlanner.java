package io.vrguard.analyzer.core;

import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * KVM remedy: CPU shares of the VRs on the contended CPUs in proportion to guarantee × measured CPU cost per
 * packet, so each gets the CPU its guarantee needs; bounded by each VR's policy. Escalation caps the aggressors
 * with a CFS quota where their policy allows it.
 */
public final class SharePlanner {
    static final long PERIOD_US = 100_000;

    /**
     * The planned values and what they should yield.
     *
     * @param shares the values this step sets: within policy and within the enforcer's step factor of the
     *               current value
     * @param target the values the plan aims at (within policy only); later steps get there
     * @param caps   per capped VR, its quota cap (quota steps only)
     */
    public record SharePlan(List<SettingChange> changes, Map<String, Double> predictedDeliveredKpps,
            Map<String, Long> shares, Map<String, Long> target, Map<String, QuotaCap> caps) {
    }

    /**
     * A quota cap in per cent of one CPU: what the other VRs' guarantees leave over ({@code wanted}), never below
     * the VR's policy floor ({@code minQuotaPercent}, which the enforcer refuses to go under).
     */
    public record QuotaCap(double percent, double wanted, double floor) {
        static QuotaCap of(double wanted, double floor) {
            return new QuotaCap(Math.max(wanted, floor), wanted, floor);
        }

        public boolean clamped() {
            return wanted < floor;
        }

        /** "vr2 at 37.8% of a CPU", or with the floor that raised it. */
        String describe(String vr) {
            return vr + " at " + percent(percent) + "% of a CPU" + (clamped() ? " (clamped to its policy's"
                    + " minQuotaPercent: the guarantees leave " + percent(wanted) + "%)" : "");
        }

        private static String percent(double value) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
    }

    private final DetectionSettings settings;

    public SharePlanner(DetectionSettings settings) {
        this.settings = settings;
    }

    public Optional<SharePlan> shares(Finding f, HostWindow window, Policies policies) {
        Optional<Load> load = Load.of(f, window, policies);
        if (load.isEmpty()) {
            return Optional.empty();
        }
        Load l = load.get();
        Map<String, Double> needs = new LinkedHashMap<>();
        l.vrs().forEach(vr -> needs.put(vr, l.policies().get(vr).guaranteeKpps() * l.cost().get(vr)));
        double lightest = needs.values().stream().filter(n -> n > 0).mapToDouble(Double::doubleValue).min()
                .orElse(1);
        Map<String, Long> shares = new LinkedHashMap<>();
        Map<String, Long> target = new LinkedHashMap<>();
        List<SettingChange> changes = new ArrayList<>();
        for (String vr : l.vrs()) {
            PolicyBounds b = l.policies().get(vr).bounds();
            double need = needs.get(vr);
            long raw = need > 0 ? Math.round(settings.baseShares() * need / lightest) : settings.baseShares() / 8;
            long bounded = clamp(raw, b);
            long step = clamp(step(l.current().get(vr), bounded, settings.maxShareStepFactor()), b);
            target.put(vr, bounded);
            shares.put(vr, step);
            changes.add(new SettingChange(vr, Setting.CPU_SHARES, null, Long.toString(step), b));
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        shares.forEach((vr, s) -> weights.put(vr, (double) s));
        return Optional.of(new SharePlan(changes, l.predict(weights, Map.of()), shares, target, Map.of()));
    }

    /**
     * Caps each aggressor whose policy allows a quota to what the guarantees on the CPUs leave over, never below
     * its policy's {@code minQuotaPercent} (the enforcer refuses a lower cap): a clamped cap may leave the victim
     * less than it needs, and the prediction is made with the clamped cap.
     */
    public Optional<SharePlan> quota(Finding f, HostWindow window, Policies policies, Map<String, Long> shares) {
        Optional<Load> load = Load.of(f, window, policies);
        if (load.isEmpty()) {
            return Optional.empty();
        }
        Load l = load.get();
        double reserved = 0;
        for (String vr : l.vrs()) {
            if (!f.aggressors().contains(vr)) {
                reserved += l.policies().get(vr).guaranteeKpps() * l.cost().get(vr);
            }
        }
        List<String> cappable = f.aggressors().stream()
                .filter(a -> l.policies().containsKey(a) && l.policies().get(a).bounds().quotaAllowed()).toList();
        double spare = l.capacity() - reserved;
        if (cappable.isEmpty() || spare <= 0) {
            return Optional.empty();
        }
        Map<String, Double> caps = new LinkedHashMap<>();
        Map<String, QuotaCap> planned = new LinkedHashMap<>();
        List<SettingChange> changes = new ArrayList<>();
        for (String a : cappable) {
            PolicyBounds bounds = l.policies().get(a).bounds();
            QuotaCap cap = QuotaCap.of(spare / cappable.size(), floor(bounds));
            planned.put(a, cap);
            caps.put(a, cap.percent());
            changes.add(new SettingChange(a, Setting.CPU_QUOTA, null, quotaUs(cap) + " " + PERIOD_US, bounds));
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        l.vrs().forEach(vr -> weights.put(vr, (double) shares.getOrDefault(vr, settings.baseShares())));
        return Optional.of(new SharePlan(changes, l.predict(weights, caps), shares, shares, planned));
    }

    /** The policy's floor; 1 % (the kernel's 1000 µs in a 100 ms period) if a policy somehow has none. */
    static double floor(PolicyBounds b) {
        return b.minQuotaPercent() == null ? 1 : b.minQuotaPercent();
    }

    /**
     * The quota in µs per {@link #PERIOD_US}: rounded, but a cap at its floor is rounded up so the enforcer, which
     * compares quota ÷ period with the floor, never finds it below; never under the kernel's 1000 µs.
     */
    static long quotaUs(QuotaCap cap) {
        double exact = PERIOD_US * cap.percent() / 100;
        long us = cap.percent() <= cap.floor() ? (long) Math.ceil(exact) : Math.round(exact);
        return Math.max(1000, us);
    }

    /**
     * The furthest the enforcer lets cpu.shares move in one command from {@code current} towards
     * {@code target}: it refuses a step whose ratio exceeds {@code factor} either way. Rounded inwards so the
     * ratio never exceeds it.
     */
    static long step(long current, long target, double factor) {
        if (current <= 0) {
            return target;
        }
        long up = (long) Math.floor(current * factor);
        long down = (long) Math.ceil(current / factor);
        return Math.max(down, Math.min(up, target));
    }

    static long clamp(long shares, PolicyBounds b) {
        long min = b.minShares() == null ? 2 : b.minShares();
        long max = b.maxShares() == null ? 262144 : b.maxShares();
        return Math.max(min, Math.min(max, shares));
    }

    /** The VRs on the contended CPUs with their costs, demands and the capacity they share. */
    record Load(List<String> vrs, Map<String, SlaPolicy> policies, Map<String, Double> cost,
            Map<String, Double> offered, Map<String, Long> current, double capacity) {

        static Optional<Load> of(Finding f, HostWindow window, Policies policies) {
            List<String> vrs = new ArrayList<>();
            Map<String, SlaPolicy> pol = new LinkedHashMap<>();
            Map<String, Double> cost = new LinkedHashMap<>();
            Map<String, Double> offered = new LinkedHashMap<>();
            Map<String, Long> current = new LinkedHashMap<>();
            double used = 0;
            for (VrSample vr : window.latest().routers()) {
                if (!vr.name().equals(f.victim()) && vr.cpus().stream().noneMatch(f.cpus()::contains)
                        && !vr.cpus().isEmpty()) {
                    continue;
                }
                Optional<Double> c = PacketCost.percentPerKpps(window, vr.name());
                if (c.isEmpty()) {
                    return Optional.empty(); // cannot predict without a measured cost
                }
                vrs.add(vr.name());
                pol.put(vr.name(), policies.resolve(window.host(), vr.name()));
                cost.put(vr.name(), c.get());
                offered.put(vr.name(), Breach.kpps(vr.offeredPps()));
                current.put(vr.name(), vr.cpuShares() == null ? 0L : vr.cpuShares()); // 0: unknown, no step limit
                used += Contention.usage(vr);
            }
            double capacity = Math.max(used, f.figures().getOrDefault("cpus.vrLoadPercent", used));
            return vrs.size() < 2 ? Optional.empty() : Optional.of(new Load(vrs, pol, cost, offered, current,
                    capacity));
        }

        Map<String, Double> predict(Map<String, Double> weights, Map<String, Double> caps) {
            Map<String, Double> demands = new LinkedHashMap<>();
            vrs.forEach(vr -> demands.put(vr, offered.get(vr) * cost.get(vr)));
            Map<String, Double> got = Allocation.split(weights, demands, caps, capacity);
            Map<String, Double> out = new LinkedHashMap<>();
            vrs.forEach(vr -> out.put(vr, Math.min(offered.get(vr), got.get(vr) / cost.get(vr))));
            return out;
        }
    }
}
