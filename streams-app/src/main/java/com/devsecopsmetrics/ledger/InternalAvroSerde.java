package com.devsecopsmetrics.ledger;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Plain Avro binary (no registry framing) for facts kept in internal stores: a store is read only by this
 * application with the schema it was written with, so a registry round trip would buy nothing on the hot path.
 * Holds either one event or a list of events of one type.
 */
public final class InternalAvroSerde<T> implements Serde<T> {
    private final Schema schema;
    /** The generated class's own model, which carries its logical-type conversions (timestamps as Instant). */
    private final SpecificData model;

    private InternalAvroSerde(Schema schema, SpecificData model) {
        this.schema = schema;
        this.model = model;
    }

    public static <R extends SpecificRecord> InternalAvroSerde<R> of(Class<R> type) {
        SpecificData model = SpecificData.getForClass(type);
        return new InternalAvroSerde<>(model.getSchema(type), model);
    }

    public static <R extends SpecificRecord> InternalAvroSerde<List<R>> listOf(Class<R> type) {
        SpecificData model = SpecificData.getForClass(type);
        return new InternalAvroSerde<>(Schema.createArray(model.getSchema(type)), model);
    }

    @Override
    public Serializer<T> serializer() {
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema, model);
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
                writer.write(value, encoder);
                encoder.flush();
                return bytes.toByteArray();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot write " + schema.getName(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema, model);
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
                return reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + schema.getName(), e);
            }
        };
    }
}
