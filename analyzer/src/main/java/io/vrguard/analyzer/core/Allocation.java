package io.vrguard.analyzer.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Predicts how a work-conserving proportional scheduler (CFS shares) splits a saturated CPU budget: each VR
 * gets capacity in proportion to its weight, never more than it demands (or its cap), and what one leaves is
 * shared by the others.
 */
public final class Allocation {
    private Allocation() {
    }

    /**
     * @param weights  per VR, its shares
     * @param demands  per VR, the CPU % it would use to forward everything offered
     * @param caps     per VR, a quota cap in % (absent = none)
     * @param capacity CPU % to share
     * @return per VR, the CPU % it gets
     */
    public static Map<String, Double> split(Map<String, Double> weights, Map<String, Double> demands,
            Map<String, Double> caps, double capacity) {
        Map<String, Double> got = new LinkedHashMap<>();
        Map<String, Double> active = new LinkedHashMap<>(weights);
        double left = capacity;
        while (!active.isEmpty() && left > 1e-9) {
            double total = active.values().stream().mapToDouble(Double::doubleValue).sum();
            double round = left;
            boolean someoneCapped = false;
            for (Map.Entry<String, Double> e : Map.copyOf(active).entrySet()) {
                double offer = round * e.getValue() / total;
                double limit = Math.min(demands.get(e.getKey()), caps.getOrDefault(e.getKey(), Double.MAX_VALUE))
                        - got.getOrDefault(e.getKey(), 0.0);
                if (limit <= offer) {
                    got.merge(e.getKey(), limit, Double::sum);
                    active.remove(e.getKey());
                    left -= limit;
                    someoneCapped = true;
                }
            }
            if (!someoneCapped) {
                double share = left;
                active.forEach((vr, w) -> got.merge(vr, share * w / total, Double::sum));
                left = 0;
            }
        }
        weights.keySet().forEach(vr -> got.putIfAbsent(vr, 0.0));
        return got;
    }
}
