package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.serde.KafkaAvroDeserializer;
import com.devsecopsmetrics.serde.KafkaAvroSerializer;
import com.devsecopsmetrics.serde.MockSchemaRegistry;
import com.devsecopsmetrics.serde.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.HashMap;
import java.util.Map;

/** Avro serdes in the Confluent wire format, all configured from the same registry settings. */
public final class EventSerdes {
    static {
        // The in-process registry knows the schemas compiled in; stored catalogue entries and events may name a
        // schema of an earlier release, which only the schema history still holds.
        MockSchemaRegistry.preload(ReleasedSchemas.committed().all());
    }

    private final Map<String, Object> registryConfig;

    public EventSerdes(Map<String, ?> config) {
        this.registryConfig = new HashMap<>(config);
    }

    public static EventSerdes from(DsmConfig config) {
        return new EventSerdes(config.asMap());
    }

    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        Serde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(registryConfig, false);
        return serde;
    }

    /** Any of the contract's events, read as its generated class (the writer schema names it). */
    public Serde<Object> eventSerde() {
        Map<String, Object> config = new HashMap<>(registryConfig);
        config.put("specific.avro.reader", true);
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(config, false);
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(config, false);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public Map<String, Object> registryConfig() {
        return Map.copyOf(registryConfig);
    }
}
