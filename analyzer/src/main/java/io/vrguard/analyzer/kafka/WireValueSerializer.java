package io.vrguard.analyzer.kafka;

import io.vrguard.protocol.WireJson;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values the analyzer publishes: wire records as their JSON, raw bytes (dead letters keep the original record)
 * as they are, null as a tombstone.
 */
public class WireValueSerializer implements Serializer<Object> {
    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        return data instanceof byte[] bytes ? bytes : WireJson.encode(data);
    }
}
