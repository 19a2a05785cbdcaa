package io.vrguard.protocol;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer and deserializer for one wire record type. Decoding failures throw
 * {@link WireFormatException}, which an error-handling deserializer turns into a dead-letter record.
 */
public class WireSerde<T> implements Serializer<T>, Deserializer<T> {
    private final Class<T> type;

    public WireSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : WireJson.encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : WireJson.decode(data, type);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the type is fixed at construction
    }

    @Override
    public void close() {
        // stateless
    }
}
