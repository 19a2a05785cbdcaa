package io.vrguard.collector.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The UdpPacer's own progress log ("MONOTONIC_NANOS SENT" lines), read back to get its count over any window. */
final class SourceProgress {
    private SourceProgress() {
    }

    /** Packets the source sent per second between two monotonic instants, interpolating between log lines. */
    static double rate(Path progress, long fromNanos, long toNanos) throws IOException {
        List<long[]> points = Files.readAllLines(progress).stream().filter(l -> !l.isBlank())
                .map(l -> l.trim().split(" ")).map(f -> new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])})
                .toList();
        return (sentAt(points, toNanos) - sentAt(points, fromNanos)) / ((toNanos - fromNanos) / 1e9);
    }

    /** How long the source has been logging progress, in nanoseconds (0 before its first line). */
    static long runningFor(Path progress) throws IOException {
        if (!Files.exists(progress)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(progress).stream().filter(l -> !l.isBlank())
                .toList();
        if (lines.size() < 2) {
            return 0;
        }
        try {
            long first = Long.parseLong(lines.get(0).trim().split(" ")[0]);
            long last = Long.parseLong(lines.get(lines.size() - 2).trim().split(" ")[0]); // the last may be torn
            return last - first;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return 0;
        }
    }

    private static double sentAt(List<long[]> points, long t) {
        for (int i = 1; i < points.size(); i++) {
            long[] a = points.get(i - 1);
            long[] b = points.get(i);
            if (t >= a[0] && t <= b[0]) {
                return a[1] + (b[1] - a[1]) * (double) (t - a[0]) / Math.max(1, b[0] - a[0]);
            }
        }
        throw new IllegalStateException("instant " + t + " outside the source's run");
    }
}
