package com.devsecopsmetrics.catalogue;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.InternalAvroSerde;
import com.devsecopsmetrics.ingest.TombstoneSerde;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The catalogue store's values (and so its changelog's): Avro's single-object encoding, as every other stored
 * event ({@link InternalAvroSerde}), so that the application registers no schema for its own state in the user's
 * registry. Releases before this one stored the entries in the Confluent wire format under the registry subject
 * {@code <application.id>-catalogue-changelog-value}; such a value (it starts with the magic byte 0, never with the
 * single-object encoding's {@code C3}) is still read, through the registry deserializer, whose registry still holds
 * the ids it names. Each entry is written in the new format the next time it changes.
 */
final class CatalogueStoreSerde implements TombstoneSerde<Service> {
    private static final byte CONFLUENT_MAGIC = 0;
    private final InternalAvroSerde<Service> stored = InternalAvroSerde.of(Service.class);
    private final Deserializer<Service> earlierReleases;

    /** @param earlierReleases the registry deserializer that reads what releases before this one stored */
    CatalogueStoreSerde(Deserializer<Service> earlierReleases) {
        this.earlierReleases = earlierReleases;
    }

    @Override
    public byte[] encode(String topic, Service service) {
        return stored.encode(topic, service);
    }

    @Override
    public Service decode(String topic, byte[] bytes) {
        return bytes.length > 0 && bytes[0] == CONFLUENT_MAGIC
                ? earlierReleases.deserialize(topic, bytes)
                : stored.decode(topic, bytes);
    }
}
