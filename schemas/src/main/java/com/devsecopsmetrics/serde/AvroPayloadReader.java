package com.devsecopsmetrics.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes a framed payload: looks the writer schema up by id, then resolves it against the reader
 * schema (Avro schema resolution, which is what makes schema evolution work: fields the writer did
 * not have take the reader's default, fields the reader does not have are skipped).
 */
final class AvroPayloadReader {

  /** What a datum reader is built for: resolving writer id against a reader schema into generic or specific objects. */
  private record ReaderKey(int writerId, Schema readerSchema, boolean specific) {}

  private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

  static {
    AvroDecodingLimits.install();
    AvroClassTrust.install();
  }

  private final SchemaRegistryClient registry;
  private final Map<ReaderKey, DatumReader<Object>> readers = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> specificReaderSchemas = new ConcurrentHashMap<>();

  AvroPayloadReader(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  /**
   * @param readerSchema the schema to read into, or null for "the writer's schema" (generic) or
   *     "the generated class named like the writer's schema" (specific)
   * @param specific whether to produce generated SpecificRecord objects
   */
  Object read(String topic, byte[] payload, Schema readerSchema, boolean specific) {
    int writerId = WireFormat.schemaId(payload);
    Schema writerSchema = registry.getById(writerId);
    Schema effectiveReader = readerSchema;
    if (effectiveReader == null) {
      effectiveReader = specific ? specificReaderSchema(writerId, writerSchema) : writerSchema;
    }
    DatumReader<Object> reader =
        readers.computeIfAbsent(
            new ReaderKey(writerId, effectiveReader, specific),
            key -> datumReader(writerSchema, key.readerSchema(), key.specific()));
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(payload, WireFormat.HEADER_SIZE, payload.length - WireFormat.HEADER_SIZE, DECODER.get());
    DECODER.set(decoder);
    Object value;
    try {
      value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        // Leftover bytes mean the writer schema looked up by id is not the one the data was written with.
        throw new SerializationException("bytes left over after decoding the record");
      }
    } catch (IOException | RuntimeException e) { // Avro's limits throw SystemLimitException or UnsupportedOperationException
      throw new SerializationException(
          "cannot decode Avro value from topic " + topic + " with writer schema id " + writerId + " ("
              + writerSchema.getFullName() + ") and reader schema " + effectiveReader.getFullName() + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
    // A top-level string is handed out as a String, as Confluent's deserializer does.
    return value instanceof Utf8 utf8 ? utf8.toString() : value;
  }

  private Schema specificReaderSchema(int writerId, Schema writerSchema) {
    return specificReaderSchemas.computeIfAbsent(
        writerId,
        id -> {
          if (writerSchema.getType() != Schema.Type.RECORD && writerSchema.getType() != Schema.Type.ENUM
              && writerSchema.getType() != Schema.Type.FIXED) {
            return writerSchema; // primitives have no generated class
          }
          Class<?> type = SpecificData.get().getClass(writerSchema);
          if (type == null) {
            throw new SerializationException(
                "specific.avro.reader=true but no generated class " + writerSchema.getFullName()
                    + " is on the classpath (writer schema id " + writerId + ")");
          }
          return SpecificData.getForClass(type).getSchema(type);
        });
  }

  private static DatumReader<Object> datumReader(Schema writer, Schema reader, boolean specific) {
    if (specific) {
      // The generated class's own model carries its logical-type conversions (e.g. timestamp-millis -> Instant).
      return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
    }
    return new GenericDatumReader<>(writer, reader, GenericData.get());
  }
}
