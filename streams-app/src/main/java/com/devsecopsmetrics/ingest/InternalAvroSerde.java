package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.serde.AvroClassTrust;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facts kept in internal stores as Avro's single-object encoding: {@code C3 01}, the writer schema's 8-byte
 * CRC-64-AVRO fingerprint, then the Avro binary. No registry round trip on the hot path, yet every value names the
 * schema it was written with: a later build, whose compiled schema has gained an optional field, finds that
 * schema in {@link ReleasedSchemas} and resolves it against its own, so state outlives an upgrade.
 *
 * <p>Avro's encoder keeps its buffer and encoder per thread, and this class a resolving reader per writer schema,
 * so a value costs no more allocation than the plain binary did.
 */
public final class InternalAvroSerde<T> implements TombstoneSerde<T> {
    /** {@code C3 01} and the writer schema's 8-byte fingerprint. */
    private static final int HEADER_BYTES = 10;
    private final String name;
    private final BinaryMessageEncoder<T> encoder;
    private final Schema schema;
    private final GenericData model;
    private final ReleasedSchemas history;
    /** The compiled schema's fingerprint and reader: what nearly every value is written with, found without a map. */
    private final long fingerprint;
    private final DatumReader<T> reader;
    /** A resolving reader per earlier writer schema met, by fingerprint: what Avro's BinaryMessageDecoder keeps too. */
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

    static {
        AvroClassTrust.install();
    }

    private InternalAvroSerde(Schema schema, GenericData model, ReleasedSchemas history) {
        if (!history.knows(schema)) {
            throw new IllegalStateException("the schema history lacks " + schema.getFullName() + " as compiled: add "
                    + ReleasedSchemas.fileOf(schema) + " under schemas/src/main/resources/schema-history and to its index");
        }
        this.name = schema.getName();
        this.schema = schema;
        this.model = model;
        this.history = history;
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.reader = readerOf(schema);
    }

    public static <R extends SpecificRecord> InternalAvroSerde<R> of(Class<R> type) {
        return of(type, ReleasedSchemas.committed());
    }

    public static <R extends SpecificRecord> InternalAvroSerde<R> of(Class<R> type, ReleasedSchemas history) {
        // The generated class's own model carries its logical-type conversions (timestamps as Instant).
        SpecificData model = SpecificData.getForClass(type);
        return new InternalAvroSerde<>(model.getSchema(type), model, history);
    }

    /** Generic records of any schema the history knows: how a test stands for a build whose schemas differ. */
    public static InternalAvroSerde<GenericRecord> generic(Schema schema, ReleasedSchemas history) {
        return new InternalAvroSerde<>(schema, GenericData.get(), history);
    }

    /** Lists of events of one type (a finding's or an incident's history), framed outside Avro: see {@link EventListSerde}. */
    public static <R extends SpecificRecord> Serde<List<R>> listOf(Class<R> type) {
        return new EventListSerde<>(of(type));
    }

    public String name() {
        return name;
    }

    byte[] write(T value) throws IOException {
        // Avro copies the bytes out of its per-thread buffer into an array of their exact length.
        return encoder.encode(value).array();
    }

    public void writeTo(T value, OutputStream out) throws IOException {
        encoder.encode(value, out);
    }

    /**
     * Reads one value from the buffer's position up to its limit. The header is read here rather than by Avro's
     * {@code BinaryMessageDecoder}, which decodes through a stream one byte at a time: a store read took two thirds
     * longer that way. The format is the same, and {@code StoredFormatSerdeTest} reads it with Avro's decoder.
     */
    public T read(ByteBuffer in, String topic) {
        int at = in.position();
        if (in.remaining() < HEADER_BYTES || in.get(at) != (byte) 0xC3 || in.get(at + 1) != 0x01) {
            throw new SerializationException("cannot read " + name + " in " + topic + ": no single-object header, so written by a build"
                    + " before stored values carried their schema; its state must be reset (bin/dsm reset)");
        }
        long fingerprint = 0;
        for (int i = HEADER_BYTES - 1; i >= 2; i--) { // little-endian, as the single-object encoding has it
            fingerprint = fingerprint << 8 | in.get(at + i) & 0xff;
        }
        DatumReader<T> reader = fingerprint == this.fingerprint ? this.reader : readers.get(fingerprint);
        if (reader == null) {
            reader = readerOf(fingerprint, topic);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in.array(), in.arrayOffset() + at + HEADER_BYTES,
                    in.remaining() - HEADER_BYTES, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + name + " in " + topic, e);
        }
    }

    private DatumReader<T> readerOf(long fingerprint, String topic) {
        Schema writer = history.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new SerializationException("cannot read " + name + " in " + topic + ": written with schema " + Long.toHexString(fingerprint)
                    + ", which this build's schema history does not know, so by a later build");
        }
        return readers.computeIfAbsent(fingerprint, f -> readerOf(writer));
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerOf(Schema writer) {
        return (DatumReader<T>) model.createDatumReader(writer, schema);
    }

    @Override
    public byte[] encode(String topic, T value) {
        try {
            return write(value);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + name + " to " + topic, e);
        }
    }

    @Override
    public T decode(String topic, byte[] bytes) {
        return read(ByteBuffer.wrap(bytes), topic);
    }
}
