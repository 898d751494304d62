package com.devsecopsmetrics.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka Streams serde for one generated Avro class, in the Confluent wire format.
 *
 * <p>Reading resolves the writer's schema (from the registry, by the id in the payload) against
 * {@code T}'s schema, so a topology keeps working while producers move to a newer or older
 * compatible version. Constructed without a class (as when named in Streams' default serde
 * config), it reads into the generated class named like the writer's schema.
 *
 * <p>With a {@code mock://} registry, {@link #configure} makes {@code T}'s schema resolvable by id,
 * so records written by another process with the same schema can be read (see
 * {@link MockSchemaRegistry} on why ids agree across processes).
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final Class<T> type;
  private final Schema readerSchema;
  private final KafkaAvroSerializer serializer;
  private final KafkaAvroDeserializer deserializer;
  private final Serializer<T> typedSerializer;
  private final Deserializer<T> typedDeserializer;

  /** For instantiation by class name: reads into the class named like each record's writer schema. */
  public SpecificAvroSerde() {
    this(null, null);
  }

  /** Reads and writes {@code type}, with the registry from {@code schema.registry.url}. */
  public SpecificAvroSerde(Class<T> type) {
    this(type, null);
  }

  /** Uses {@code registry} instead of {@code schema.registry.url} (tests, TopologyTestDriver). */
  public SpecificAvroSerde(SchemaRegistryClient registry) {
    this(null, registry);
  }

  /**
   * Reads and writes {@code type} through {@code registry}; either may be null (see the other
   * constructors). The serde still needs {@link #configure} before use.
   */
  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
    this.type = type;
    this.readerSchema = type == null ? null : SpecificData.getForClass(type).getSchema(type);
    this.serializer = registry == null ? new KafkaAvroSerializer() : new KafkaAvroSerializer(registry);
    this.deserializer = registry == null ? new KafkaAvroDeserializer() : new KafkaAvroDeserializer(registry);
    this.typedSerializer = new TypedSerializer();
    this.typedDeserializer = new TypedDeserializer();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
    if (readerSchema != null && deserializer.registry() instanceof MockSchemaRegistry mock) {
      mock.preloadHere(readerSchema);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return typedSerializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return typedDeserializer;
  }

  /** The generated class this serde reads into, or null if it follows the writer schema's name. */
  public Class<T> type() {
    return type;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }

  /** Typed view of the shared serializer; configure() goes to the serde so both halves stay alike. */
  private final class TypedSerializer implements Serializer<T> {
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      SpecificAvroSerde.this.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T value) {
      return serializer.serialize(topic, value);
    }
  }

  private final class TypedDeserializer implements Deserializer<T> {
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      SpecificAvroSerde.this.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
      Object value = deserializer.deserialize(topic, data, readerSchema, true);
      if (value != null && type != null && !type.isInstance(value)) {
        throw new SerializationException(
            "expected a " + type.getName() + " from topic " + topic + " but read a " + value.getClass().getName());
      }
      @SuppressWarnings("unchecked")
      T typed = (T) value;
      return typed;
    }
  }
}
