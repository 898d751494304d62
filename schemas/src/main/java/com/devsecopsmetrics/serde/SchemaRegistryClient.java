package com.devsecopsmetrics.serde;

import org.apache.avro.Schema;

/**
 * The three registry operations an Avro serde needs. Implementations cache in both directions
 * (schema to id per subject, id to schema) because ids are immutable once assigned: a serde must
 * not make a network call per record.
 *
 * <p>Failures are reported as {@link SchemaRegistryException}, which is a Kafka
 * {@code SerializationException} so that Kafka's and Kafka Streams' error handlers treat them like
 * any other serde failure.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject} (or finds it if already registered) and returns
   * its global id.
   */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} if it is already registered under {@code subject}, without
   * registering it (what a serializer with {@code auto.register.schemas=false} needs).
   */
  int lookup(String subject, Schema schema);

  /** The schema with global id {@code id}; fails with a clear message if the registry does not know it. */
  Schema getById(int id);

  /** The newest version of {@code subject}. */
  RegisteredSchema latest(String subject);

  /**
   * Sets the compatibility level of {@code subject} (Confluent's {@code PUT /config/{subject}}), e.g.
   * {@code BACKWARD}: the registry then refuses a new version that readers of the older ones could not read.
   */
  void setCompatibility(String subject, String level);

  /** A human-readable name of the registry (its URL), used in error messages. */
  String describe();
}
