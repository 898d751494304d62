package com.devsecopsmetrics.ingest;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde of topic and store values in which null is a deletion (a tombstone): Kafka hands null to serdes both ways,
 * and it passes through here as null, so an implementation encodes and decodes only real values.
 */
public interface TombstoneSerde<V> extends Serde<V> {
    /** The bytes of a value that is not null. */
    byte[] encode(String topic, V value);

    /** The value of bytes that are not null. */
    V decode(String topic, byte[] bytes);

    @Override
    default Serializer<V> serializer() {
        return (topic, value) -> value == null ? null : encode(topic, value);
    }

    @Override
    default Deserializer<V> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }
}
