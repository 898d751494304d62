package com.devsecopsmetrics.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A failure talking to a schema registry, or an answer that says no. Carries the registry's error
 * code (e.g. 40403 = schema not found) and the HTTP status where there was one, -1 otherwise.
 *
 * <p>Extends {@link SerializationException} so that callers of a serde see one exception type.
 */
public class SchemaRegistryException extends SerializationException {

  /** Confluent's error code for "subject not found". */
  public static final int SUBJECT_NOT_FOUND = 40401;
  /** Confluent's error code for "version not found". */
  public static final int VERSION_NOT_FOUND = 40402;
  /** Confluent's error code for "schema not found" (unknown id). */
  public static final int SCHEMA_NOT_FOUND = 40403;

  private final int errorCode;
  private final int httpStatus;

  public SchemaRegistryException(String message, int errorCode, int httpStatus) {
    super(message);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.errorCode = -1;
    this.httpStatus = -1;
  }

  /** The registry's {@code error_code}, or -1 if there was none (e.g. a network failure). */
  public int errorCode() {
    return errorCode;
  }

  /** The HTTP status, or -1 if there was no HTTP answer. */
  public int httpStatus() {
    return httpStatus;
  }

  static SchemaRegistryException unknownSchemaId(int id, String registry) {
    return new SchemaRegistryException(
        "unknown schema id " + id + " in registry " + registry, SCHEMA_NOT_FOUND, 404);
  }

  static SchemaRegistryException unknownSubject(String subject, String registry) {
    return new SchemaRegistryException(
        "unknown subject '" + subject + "' in registry " + registry, SUBJECT_NOT_FOUND, 404);
  }
}
