package io.vrguard.enforcer.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of {@code vrguard.commands} that carries a host's commands: the producer's default partitioner
 * for a keyed record (murmur2 of the key bytes, made positive, modulo the partition count), so the enforcer reads
 * exactly the partition the analyzer writes to with key = host id.
 */
public final class CommandPartition {
    private CommandPartition() {
    }

    public static int of(String hostId, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic has no partitions");
        }
        return Utils.toPositive(Utils.murmur2(hostId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
