package com.devsecopsmetrics.ledger;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Facts kept in internal stores as Avro's single-object encoding: {@code C3 01}, the writer schema's 8-byte
 * CRC-64-AVRO fingerprint, then the Avro binary. No registry round trip on the hot path, yet every value names the
 * schema it was written with: a later build, whose compiled schema has gained an optional field, finds that
 * schema in {@link ReleasedSchemas} and resolves it against its own, so state outlives an upgrade.
 *
 * <p>Avro's encoder and decoder keep their buffers per thread and a resolving reader per writer schema, so a
 * value costs no more allocation than the plain binary did. Values are decoded from a {@link ByteBuffer}: Avro
 * reads a byte array through a stream whose every byte read is synchronized.
 */
public final class InternalAvroSerde<T> implements Serde<T> {
    private final String name;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private InternalAvroSerde(Schema schema, GenericData model, ReleasedSchemas history) {
        if (!history.knows(schema)) {
            throw new IllegalStateException("the schema history lacks " + schema.getFullName() + " as compiled: add "
                    + ReleasedSchemas.fileOf(schema) + " under schemas/src/main/resources/schema-history and to its index");
        }
        this.name = schema.getName();
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, history);
    }

    public static <R extends SpecificRecord> InternalAvroSerde<R> of(Class<R> type) {
        return of(type, ReleasedSchemas.committed());
    }

    static <R extends SpecificRecord> InternalAvroSerde<R> of(Class<R> type, ReleasedSchemas history) {
        // The generated class's own model carries its logical-type conversions (timestamps as Instant).
        SpecificData model = SpecificData.getForClass(type);
        return new InternalAvroSerde<>(model.getSchema(type), model, history);
    }

    /** Generic records of any schema the history knows: how a test stands for a build whose schemas differ. */
    static InternalAvroSerde<GenericRecord> generic(Schema schema, ReleasedSchemas history) {
        return new InternalAvroSerde<>(schema, GenericData.get(), history);
    }

    /** Lists of events of one type (a finding's or an incident's history), framed outside Avro: see {@link EventListSerde}. */
    public static <R extends SpecificRecord> Serde<List<R>> listOf(Class<R> type) {
        return new EventListSerde<>(of(type));
    }

    String name() {
        return name;
    }

    byte[] write(T value) throws IOException {
        // Avro copies the bytes out of its per-thread buffer into an array of their exact length.
        return encoder.encode(value).array();
    }

    void writeTo(T value, OutputStream out) throws IOException {
        encoder.encode(value, out);
    }

    /** Reads one value from the buffer's position up to its limit. */
    T read(ByteBuffer in, String topic) {
        try {
            return decoder.decode(in, null);
        } catch (BadHeaderException e) {
            throw new SerializationException("cannot read " + name + " in " + topic + ": no single-object header, so written by a build"
                    + " before stored values carried their schema; its state must be reset (bin/dsm reset)", e);
        } catch (MissingSchemaException e) {
            throw new SerializationException("cannot read " + name + " in " + topic + ": written with a schema this build's history"
                    + " does not know (" + e.getMessage() + "), so by a later build", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + name + " in " + topic, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return write(value);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot write " + name + " to " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(ByteBuffer.wrap(bytes), topic);
    }
}
