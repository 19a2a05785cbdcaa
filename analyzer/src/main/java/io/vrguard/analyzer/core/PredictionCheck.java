package io.vrguard.analyzer.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a remedy against the prediction it carried: per VR, the delivered kpps the command predicted and
 * the delivered kpps measured in the interval that judges the remedy. A prediction is "held" when every VR came
 * within {@link #TOLERANCE} of it (relative to the prediction); a miss says the cost model or the capacity estimate
 * was wrong, which an operator wants to see beside the remedy.
 *
 * @param predicted per VR, kpps (from the command)
 * @param measured  per VR, kpps (absent when the VR was not in the judging sample or had no rate)
 */
public record PredictionCheck(Map<String, Double> predicted, Map<String, Double> measured) {
    /** Largest relative error between prediction and outcome still called "as predicted". */
    public static final double TOLERANCE = 0.10;

    public PredictionCheck {
        predicted = Map.copyOf(predicted);
        measured = Map.copyOf(measured);
    }

    /** Relative error per VR measured: (measured - predicted) / predicted; a prediction of 0 counts 0 vs 0. */
    public Map<String, Double> errors() {
        Map<String, Double> out = new LinkedHashMap<>();
        predicted.keySet().stream().sorted().forEach(vr -> {
            Double m = measured.get(vr);
            double p = predicted.get(vr);
            if (m != null) {
                out.put(vr, p == 0 ? (m == 0 ? 0.0 : 1.0) : (m - p) / p);
            }
        });
        return out;
    }

    /** Every predicted VR was measured and came within the tolerance. */
    public boolean held() {
        return !predicted.isEmpty() && errors().size() == predicted.size()
                && errors().values().stream().allMatch(e -> Math.abs(e) <= TOLERANCE);
    }

    /** The figures for the violation update: {@code predicted.VR.deliveredKpps}, {@code measured.VR...}. */
    public Map<String, Double> figures() {
        Map<String, Double> f = new LinkedHashMap<>();
        predicted.forEach((vr, kpps) -> f.put("predicted." + vr + ".deliveredKpps", kpps));
        measured.forEach((vr, kpps) -> f.put("measured." + vr + ".deliveredKpps", kpps));
        errors().forEach((vr, e) -> f.put("predictionError." + vr + ".percent", e * 100));
        return f;
    }

    /** E.g. {@code prediction held: vr1 predicted 800 measured 797 (-0.4%); vr2 predicted 456 measured 440 (-3.5%)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(held() ? "prediction held" : "prediction missed").append(" (tolerance ")
                .append(Math.round(TOLERANCE * 100)).append("%):");
        Map<String, Double> errors = errors();
        predicted.keySet().stream().sorted().forEach(vr -> {
            sb.append(' ').append(vr).append(" predicted ").append(kpps(predicted.get(vr)));
            Double m = measured.get(vr);
            sb.append(m == null ? " not measured" : " measured " + kpps(m)
                    + String.format(Locale.ROOT, " (%+.1f%%)", errors.get(vr) * 100)).append(';');
        });
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static String kpps(double v) {
        return String.format(Locale.ROOT, "%.0f kpps", v);
    }
}
