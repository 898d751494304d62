package com.devsecopsmetrics.catalogue;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.InternalAvroSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The catalogue store's values (and so its changelog's): Avro's single-object encoding, as every other stored
 * event ({@link InternalAvroSerde}), so that the application registers no schema for its own state in the user's
 * registry. Releases before this one stored the entries in the Confluent wire format under the registry subject
 * {@code <application.id>-catalogue-changelog-value}; such a value (it starts with the magic byte 0, never with the
 * single-object encoding's {@code C3}) is still read, through the registry deserializer, whose registry still holds
 * the ids it names. Each entry is written in the new format the next time it changes.
 */
final class CatalogueStoreSerde implements Serde<Service> {
    private static final byte CONFLUENT_MAGIC = 0;
    private final InternalAvroSerde<Service> stored = InternalAvroSerde.of(Service.class);
    private final Deserializer<Service> storedReader = stored.deserializer();
    private final Deserializer<Service> earlierReleases;

    /** @param earlierReleases the registry deserializer that reads what releases before this one stored */
    CatalogueStoreSerde(Deserializer<Service> earlierReleases) {
        this.earlierReleases = earlierReleases;
    }

    @Override
    public Serializer<Service> serializer() {
        return stored.serializer();
    }

    @Override
    public Deserializer<Service> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            return bytes.length > 0 && bytes[0] == CONFLUENT_MAGIC
                    ? earlierReleases.deserialize(topic, bytes)
                    : storedReader.deserialize(topic, bytes);
        };
    }
}
