package com.devsecopsmetrics.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka Streams serde for {@link GenericRecord}s in the Confluent wire format: records are read
 * with their writer's schema, for code that handles any schema (routing, auditing, tooling).
 */
public class GenericAvroSerde implements Serde<GenericRecord> {

  private final KafkaAvroSerializer serializer;
  private final KafkaAvroDeserializer deserializer;
  private final Serializer<GenericRecord> typedSerializer = new TypedSerializer();
  private final Deserializer<GenericRecord> typedDeserializer = new TypedDeserializer();

  /** For instantiation by class name; {@link #configure} builds the registry client. */
  public GenericAvroSerde() {
    this(null);
  }

  /** Uses {@code registry} instead of {@code schema.registry.url} (tests, TopologyTestDriver). */
  public GenericAvroSerde(SchemaRegistryClient registry) {
    this.serializer = registry == null ? new KafkaAvroSerializer() : new KafkaAvroSerializer(registry);
    this.deserializer = registry == null ? new KafkaAvroDeserializer() : new KafkaAvroDeserializer(registry);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<GenericRecord> serializer() {
    return typedSerializer;
  }

  @Override
  public Deserializer<GenericRecord> deserializer() {
    return typedDeserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }

  private final class TypedSerializer implements Serializer<GenericRecord> {
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      GenericAvroSerde.this.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, GenericRecord value) {
      return serializer.serialize(topic, value);
    }
  }

  private final class TypedDeserializer implements Deserializer<GenericRecord> {
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      GenericAvroSerde.this.configure(configs, isKey);
    }

    @Override
    public GenericRecord deserialize(String topic, byte[] data) {
      Object value = deserializer.deserialize(topic, data, null, false);
      if (value != null && !(value instanceof GenericRecord)) {
        throw new SerializationException(
            "expected an Avro record from topic " + topic + " but the writer schema is a "
                + value.getClass().getSimpleName() + "; use KafkaAvroDeserializer for primitives");
      }
      return (GenericRecord) value;
    }
  }
}
