package com.devsecopsmetrics.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes Avro records (generic or generated) and Avro primitives into the Confluent wire
 * format, registering or looking up the schema in a schema registry. A drop-in for Confluent's
 * {@code io.confluent.kafka.serializers.KafkaAvroSerializer}: same class simple name, same config
 * keys (see {@link AvroSerdeConfig}), same bytes.
 *
 * <p>Subjects follow Confluent's default TopicNameStrategy: {@code <topic>-value} or
 * {@code <topic>-key}. When the topic is null (some callers serialize outside any topic) the
 * subject falls back to the schema's full name, as RecordNameStrategy would name it, rather than
 * registering under a meaningless {@code null-value}.
 */
public class KafkaAvroSerializer implements Serializer<Object> {

  private record LatestLookup(RegisteredSchema latest, long fetchedAtNanos) {}

  private SchemaRegistryClient registry;
  private boolean isKey;
  private boolean autoRegister = true;
  private boolean useLatestVersion = false;
  private long latestTtlNanos = -1;
  private AvroPayloadWriter writer;
  private final Map<String, LatestLookup> latestBySubject = new ConcurrentHashMap<>();

  /** For instantiation by class name; {@link #configure} then builds the registry client. */
  public KafkaAvroSerializer() {}

  /** With a given registry client (tests, TopologyTestDriver); {@code schema.registry.url} becomes optional. */
  public KafkaAvroSerializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (registry == null) {
      registry = SchemaRegistries.fromConfig(configs);
    }
    autoRegister = AvroSerdeConfig.bool(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
    useLatestVersion = AvroSerdeConfig.bool(configs, AvroSerdeConfig.USE_LATEST_VERSION, false);
    long ttlSeconds = AvroSerdeConfig.number(configs, AvroSerdeConfig.LATEST_CACHE_TTL_SEC, -1);
    latestTtlNanos = ttlSeconds < 0 ? -1 : ttlSeconds * 1_000_000_000L;
    writer = new AvroPayloadWriter();
  }

  @Override
  public byte[] serialize(String topic, Object value) {
    if (value == null) {
      return null; // a tombstone stays a tombstone
    }
    if (registry == null) {
      throw new SerializationException(
          "KafkaAvroSerializer is not configured: call configure() with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    Schema schema = AvroPayloadWriter.schemaOf(value);
    String subject = subjectName(topic, isKey, schema);
    return writer.write(schemaId(subject, schema), schema, value);
  }

  /** Confluent's TopicNameStrategy, with the null-topic fallback described in the class comment. */
  public static String subjectName(String topic, boolean isKey, Schema schema) {
    if (topic == null) {
      return schema.getFullName();
    }
    return topic + (isKey ? "-key" : "-value");
  }

  /** (subject, schema) -> id: a record's schema is one shared instance, so this skips the registry's fingerprinting. */
  private final ConcurrentHashMap<Map.Entry<String, Schema>, Integer> idCache =
      new ConcurrentHashMap<>();

  private int schemaId(String subject, Schema schema) {
    if (autoRegister) {
      return idCache.computeIfAbsent(Map.entry(subject, schema), k -> registry.register(subject, schema));
    }
    return lookupId(subject, schema);
  }

  private int lookupId(String subject, Schema schema) {
    if (autoRegister) {
      return registry.register(subject, schema);
    }
    if (useLatestVersion) {
      RegisteredSchema latest = latest(subject);
      // We write with the record's own schema, so the latest version must have the same layout;
      // otherwise readers would decode these bytes with the wrong schema.
      if (SchemaNormalization.parsingFingerprint64(latest.schema())
          != SchemaNormalization.parsingFingerprint64(schema)) {
        throw new SerializationException(
            "use.latest.version: the record's schema " + schema.getFullName()
                + " differs from version " + latest.version() + " (id " + latest.id() + ") of subject '"
                + subject + "' in registry " + registry.describe());
      }
      return latest.id();
    }
    return registry.lookup(subject, schema);
  }

  private RegisteredSchema latest(String subject) {
    long now = System.nanoTime();
    LatestLookup cached = latestBySubject.get(subject);
    if (cached != null && (latestTtlNanos < 0 || now - cached.fetchedAtNanos() < latestTtlNanos)) {
      return cached.latest();
    }
    RegisteredSchema latest = registry.latest(subject);
    latestBySubject.put(subject, new LatestLookup(latest, now));
    return latest;
  }

  /** The registry client in use (null before {@link #configure}). */
  public SchemaRegistryClient registry() {
    return registry;
  }

  @Override
  public void close() {
    // Nothing to release: the JDK HttpClient of Java 17 has no close, and mock scopes are shared.
  }
}
