package io.vrguard.analyzer.app;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Up to when each partition's hosts are known to have been heard, for the stale check. A partition with records
 * still unread (one just taken over with a dead instance's backlog) is judged by the newest sample read from it:
 * its hosts' later samples are queued, not missing. A partition read to its end is judged by the fleet's newest
 * sample. Thread-safe: consumer threads record, the stale tick reads.
 */
final class PartitionClocks {
    private final Map<Integer, Instant> newest = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> readToEnd = new ConcurrentHashMap<>();
    // the newest sample read from any partition, kept when its partition moves away
    private volatile Instant fleetNewest;

    /**
     * A sample of {@code partition} taken at {@code timestamp} was read. Callers serialise these calls (the
     * service's lock); the stale tick reads concurrently.
     */
    void read(int partition, Instant timestamp) {
        newest.merge(partition, timestamp, PartitionClocks::later);
        fleetNewest = fleetNewest == null ? timestamp : later(fleetNewest, timestamp);
    }

    /** The newest sample read from any partition; null before the first. */
    Instant fleetNewest() {
        return fleetNewest;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The consumer's lag on {@code partition} after its last poll; empty when Kafka does not know it yet. */
    void lag(int partition, OptionalLong lag) {
        readToEnd.put(partition, lag.isPresent() && lag.getAsLong() == 0);
    }

    /** Partitions moved away: a later owner of them starts unknown again. */
    void forget(Collection<Integer> partitions) {
        partitions.forEach(p -> {
            newest.remove(p);
            readToEnd.remove(p);
        });
    }

    /**
     * The time the hosts of {@code partition} are judged at, given the fleet's newest sample; null when nothing
     * of the partition was read yet (its hosts have no state to judge).
     */
    Instant reference(Integer partition, Instant fleetNewest) {
        if (partition == null || readToEnd.getOrDefault(partition, false)) {
            return fleetNewest;
        }
        return newest.get(partition);
    }
}
