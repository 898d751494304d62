package com.devsecopsmetrics.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject in a schema registry: its global id, its version within the subject, and the schema. */
public record RegisteredSchema(int id, int version, Schema schema) {
  public RegisteredSchema {
    Objects.requireNonNull(schema, "schema");
  }
}
