package com.devsecopsmetrics.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes the Confluent wire format into a {@code GenericRecord} (or Avro primitive), or into
 * the generated {@code SpecificRecord} class named like the writer's schema when
 * {@code specific.avro.reader=true}. A drop-in for Confluent's
 * {@code io.confluent.kafka.serializers.KafkaAvroDeserializer}.
 */
public class KafkaAvroDeserializer implements Deserializer<Object> {

  private SchemaRegistryClient registry;
  private boolean specificReader;
  private AvroPayloadReader reader;

  /** For instantiation by class name; {@link #configure} then builds the registry client. */
  public KafkaAvroDeserializer() {}

  /** With a given registry client (tests, TopologyTestDriver); {@code schema.registry.url} becomes optional. */
  public KafkaAvroDeserializer(SchemaRegistryClient registry) {
    this.registry = registry;
    this.reader = new AvroPayloadReader(registry);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry == null) {
      registry = SchemaRegistries.fromConfig(configs);
    }
    specificReader = AvroSerdeConfig.bool(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, false);
    reader = new AvroPayloadReader(registry);
  }

  @Override
  public Object deserialize(String topic, byte[] data) {
    return deserialize(topic, data, null);
  }

  /**
   * Reads with an explicit reader schema (null = as configured), so that a consumer sees records
   * in the shape it expects even when producers wrote an older or newer version.
   */
  public Object deserialize(String topic, byte[] data, Schema readerSchema) {
    return deserialize(topic, data, readerSchema, specificReader);
  }

  Object deserialize(String topic, byte[] data, Schema readerSchema, boolean specific) {
    if (data == null) {
      return null; // tombstone
    }
    if (reader == null) {
      throw new SerializationException(
          "KafkaAvroDeserializer is not configured: call configure() with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    return reader.read(topic, data, readerSchema, specific);
  }

  /** The registry client in use (null before {@link #configure}). */
  public SchemaRegistryClient registry() {
    return registry;
  }

  @Override
  public void close() {
    // Nothing to release; see KafkaAvroSerializer#close.
  }
}
