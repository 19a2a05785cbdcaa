package io.vrguard.lab.core;

import java.util.Arrays;
import java.util.List;

/**
 * A counter's rate over a window, in units per second. {@code mean} is the honest figure (first to last sample);
 * {@code median} is the median of the per-interval rates, which a second of hypervisor steal on a shared VM does
 * not drag down. {@code intervals} is how many sampling intervals the window held (0 = no figure).
 */
public record WindowRate(double mean, double median, int intervals) {
    public static final WindowRate NONE = new WindowRate(Double.NaN, Double.NaN, 0);

    public static WindowRate of(List<CounterSeries.Point> points) {
        if (points.size() < 2) {
            return NONE;
        }
        CounterSeries.Point first = points.get(0);
        CounterSeries.Point last = points.get(points.size() - 1);
        double mean = (last.count() - first.count()) * 1e9 / (last.nanos() - first.nanos());
        double[] rates = new double[points.size() - 1];
        for (int i = 1; i < points.size(); i++) {
            CounterSeries.Point a = points.get(i - 1);
            CounterSeries.Point b = points.get(i);
            rates[i - 1] = (b.count() - a.count()) * 1e9 / (b.nanos() - a.nanos());
        }
        Arrays.sort(rates);
        int n = rates.length;
        double median = n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
        return new WindowRate(mean, median, n);
    }

    public double meanKilo() {
        return mean / 1000;
    }

    public double medianKilo() {
        return median / 1000;
    }
}
