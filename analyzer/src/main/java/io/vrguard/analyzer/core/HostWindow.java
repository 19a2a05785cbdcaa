package io.vrguard.analyzer.core;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last samples of one host, oldest first, immutable. Adding returns a new window; sequence gaps and
 * out-of-order samples are counted, never silently absorbed.
 */
public final class HostWindow {
    private final String host;
    private final int capacity;
    private final List<HostSample> samples;
    private final long missedSamples;
    private final long lastGap;
    private final Map<String, Long> lastSeenSeq;

    private HostWindow(String host, int capacity, List<HostSample> samples, long missedSamples, long lastGap,
            Map<String, Long> lastSeenSeq) {
        this.host = host;
        this.capacity = capacity;
        this.samples = samples;
        this.missedSamples = missedSamples;
        this.lastGap = lastGap;
        this.lastSeenSeq = lastSeenSeq;
    }

    public static HostWindow empty(String host, int capacity) {
        return new HostWindow(host, capacity, List.of(), 0, 0, Map.of());
    }

    public static HostWindow of(int capacity, List<HostSample> samples) {
        HostWindow w = empty(samples.get(0).host(), capacity);
        for (HostSample s : samples) {
            w = w.add(s);
        }
        return w;
    }

    /** The window with {@code sample} appended; an old or duplicate seq leaves it unchanged. */
    public HostWindow add(HostSample sample) {
        long gap = 0;
        if (!samples.isEmpty()) {
            long expected = latest().seq() + 1;
            if (sample.seq() < expected) {
                return this;
            }
            gap = sample.seq() - expected;
        }
        List<HostSample> next = new ArrayList<>(samples.size() + 1);
        next.addAll(samples.size() >= capacity ? samples.subList(samples.size() - capacity + 1, samples.size())
                : samples);
        next.add(sample);
        Map<String, Long> seen = new HashMap<>(lastSeenSeq);
        for (VrSample vr : sample.routers()) {
            if (!VrSample.STATE_GONE.equals(vr.state())) {
                seen.put(vr.name(), sample.seq());
            }
        }
        return new HostWindow(host, capacity, List.copyOf(next), missedSamples + gap, gap, Map.copyOf(seen));
    }

    public String host() {
        return host;
    }

    /** The seq of the last sample that carried each VR ever seen on this host (while this window lived). */
    public Map<String, Long> lastSeenSeq() {
        return lastSeenSeq;
    }

    public List<HostSample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public HostSample latest() {
        return samples.get(samples.size() - 1);
    }

    /** Samples lost in transit since this window started, from gaps in seq. */
    public long missedSamples() {
        return missedSamples;
    }

    /** Samples missing just before the latest one. */
    public long lastGap() {
        return lastGap;
    }

    /** The last {@code n} samples (fewer if the window is shorter). */
    public List<HostSample> last(int n) {
        return samples.subList(Math.max(0, samples.size() - n), samples.size());
    }

    public static Optional<VrSample> router(HostSample sample, String vr) {
        return sample.routers().stream().filter(r -> r.name().equals(vr)).findFirst();
    }
}
