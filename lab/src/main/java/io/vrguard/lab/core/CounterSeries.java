package io.vrguard.lab.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A monotonically increasing counter sampled over time (a sink's received packets, a source's sent packets), as
 * the helper itself printed it with its CLOCK_MONOTONIC timestamp. Thread-safe: one reader thread appends while the
 * lab reads windows.
 */
public final class CounterSeries {
    /** One sample: monotonic time in ns and the counter's value. */
    public record Point(long nanos, long count) {
    }

    private final List<Point> points = new ArrayList<>();

    public synchronized void add(long nanos, long count) {
        if (!points.isEmpty() && (nanos <= last().nanos() || count < last().count())) {
            return; // out of order or a restarted counter: never produce a negative rate
        }
        points.add(new Point(nanos, count));
    }

    public synchronized List<Point> between(long fromNanos, long toNanos) {
        return points.stream().filter(p -> p.nanos() >= fromNanos && p.nanos() <= toNanos).toList();
    }

    public synchronized Point last() {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }

    public synchronized int size() {
        return points.size();
    }

    /**
     * The rate (per second) between the last samples at or before {@code fromNanos} and {@code toNanos}: the whole
     * interval, not only the samples inside it. NaN when there is no such pair.
     */
    public synchronized double rateBetween(long fromNanos, long toNanos) {
        Point a = atOrBefore(fromNanos);
        Point b = atOrBefore(toNanos);
        if (a == null || b == null || b.nanos() <= a.nanos()) {
            return Double.NaN;
        }
        return (b.count() - a.count()) * 1e9 / (b.nanos() - a.nanos());
    }

    private Point atOrBefore(long nanos) {
        Point found = null;
        for (int i = points.size() - 1; i >= 0; i--) {
            if (points.get(i).nanos() <= nanos) {
                found = points.get(i);
                break;
            }
        }
        return found;
    }

    /** The rate (per second) over a window, as mean and as median of the sampling intervals inside it. */
    public synchronized WindowRate rate(long fromNanos, long toNanos) {
        return WindowRate.of(between(fromNanos, toNanos));
    }
}
