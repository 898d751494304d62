package com.devsecopsmetrics.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Encodes one value as header + Avro binary. Datum writers are cached because building one walks
 * the schema; the binary encoder is reused per thread because it holds a buffer.
 */
final class AvroPayloadWriter {

  private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();

  static {
    AvroClassTrust.install();
  }

  /** Keyed by the generated class for specific records (their model carries logical-type conversions), by schema otherwise. */
  private final Map<Object, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  /** The Avro schema of a value: records and other containers carry it, Java primitives map as in Confluent's serde. */
  static Schema schemaOf(Object value) {
    if (value instanceof GenericContainer container) {
      return container.getSchema();
    }
    Schema.Type type;
    if (value instanceof CharSequence) {
      type = Schema.Type.STRING;
    } else if (value instanceof Integer) {
      type = Schema.Type.INT;
    } else if (value instanceof Long) {
      type = Schema.Type.LONG;
    } else if (value instanceof Boolean) {
      type = Schema.Type.BOOLEAN;
    } else if (value instanceof Float) {
      type = Schema.Type.FLOAT;
    } else if (value instanceof Double) {
      type = Schema.Type.DOUBLE;
    } else if (value instanceof byte[] || value instanceof ByteBuffer) {
      type = Schema.Type.BYTES;
    } else {
      throw new SerializationException(
          "cannot serialize a " + value.getClass().getName()
              + " with Avro: expected a GenericRecord, a generated SpecificRecord or an Avro primitive");
    }
    return Schema.create(type);
  }

  byte[] write(int schemaId, Schema schema, Object value) {
    Object datum = value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    WireFormat.writeHeader(out, schemaId);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
    ENCODER.set(encoder);
    try {
      writerFor(schema, datum).write(datum, encoder);
      encoder.flush();
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      // Avro reports a missing required field as an NPE and a wrong type as a ClassCastException.
      throw new SerializationException(
          "cannot encode a " + value.getClass().getSimpleName() + " with schema " + schema.getFullName()
              + " (id " + schemaId + "): " + e,
          e);
    }
    return out.toByteArray();
  }

  private DatumWriter<Object> writerFor(Schema schema, Object datum) {
    if (datum instanceof SpecificRecord) {
      Class<?> type = datum.getClass();
      return writers.computeIfAbsent(
          type, t -> new SpecificDatumWriter<>(schema, SpecificData.getForClass(type)));
    }
    return writers.computeIfAbsent(schema, s -> new GenericDatumWriter<>(schema, GenericData.get()));
  }
}
