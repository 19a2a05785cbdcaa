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
    private final List<Map<String, VrSample>> indexes;

    private HostWindow(String host, int capacity, List<HostSample> samples, long missedSamples, long lastGap,
            Map<String, Long> lastSeenSeq, List<Map<String, VrSample>> indexes) {
        this.indexes = indexes;
        this.host = host;
        this.capacity = capacity;
        this.samples = samples;
        this.missedSamples = missedSamples;
        this.lastGap = lastGap;
        this.lastSeenSeq = lastSeenSeq;
    }

    public static HostWindow empty(String host, int capacity) {
        return new HostWindow(host, capacity, List.of(), 0, 0, Map.of(), List.of());
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
        int from = samples.size() >= capacity ? samples.size() - capacity + 1 : 0;
        List<HostSample> next = new ArrayList<>(samples.size() + 1);
        next.addAll(samples.subList(from, samples.size()));
        next.add(sample);
        List<Map<String, VrSample>> nextIndexes = new ArrayList<>(next.size());
        nextIndexes.addAll(indexes.subList(from, indexes.size()));
        Map<String, VrSample> index = new HashMap<>();
        sample.routers().forEach(r -> index.putIfAbsent(r.name(), r));
        nextIndexes.add(index);
        Map<String, Long> seen = new HashMap<>(lastSeenSeq);
        for (VrSample vr : sample.routers()) {
            if (!VrSample.STATE_GONE.equals(vr.state())) {
                seen.put(vr.name(), sample.seq());
            }
        }
        return new HostWindow(host, capacity, List.copyOf(next), missedSamples + gap, gap, Map.copyOf(seen),
                List.copyOf(nextIndexes));
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

    /**
     * The VR's figures in {@code sample}, one of this window's samples; rules ask for every VR in every interval,
     * so each sample is indexed by VR name once, when it enters the window.
     */
    public Optional<VrSample> routerIn(HostSample sample, String vr) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i) == sample) {
                return Optional.ofNullable(indexes.get(i).get(vr));
            }
        }
        return router(sample, vr);
    }
}
