package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.serde.AvroDecodingLimits;
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

/**
 * Any contract event on an internal repartition topic: a format version, the kind, then plain Avro binary. The
 * application's internal topics stay out of the user's schema registry; a record lives there only between
 * its routing and its processing, so a format byte is enough to refuse one written by another format.
 */
public final class EventEnvelopeSerde implements Serde<Object> {
    private static final byte FORMAT = 1;
    private static final EventKind[] KINDS = EventKind.values();

    static {
        AvroDecodingLimits.install();
    }

    @Override
    public Serializer<Object> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            SpecificRecord event = (SpecificRecord) value;
            EventKind kind = EventKind.ofRecord(event).orElseThrow(() -> new SerializationException("not a contract event: "
                    + event.getSchema().getFullName()));
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
                bytes.write(FORMAT);
                bytes.write(kind.ordinal());
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
                new SpecificDatumWriter<SpecificRecord>(kind.schema(), SpecificData.getForClass(kind.type())).write(event, encoder);
                encoder.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException("cannot write " + kind.kind() + " event", e);
            }
        };
    }

    @Override
    public Deserializer<Object> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < 2 || bytes[0] != FORMAT || bytes[1] < 0 || bytes[1] >= KINDS.length) {
                throw new SerializationException("not an event envelope of format " + FORMAT + " on " + topic);
            }
            EventKind kind = KINDS[bytes[1]];
            try {
                var reader = new SpecificDatumReader<SpecificRecord>(kind.schema(), kind.schema(), SpecificData.getForClass(kind.type()));
                return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, 2, bytes.length - 2, null));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + kind.kind() + " event from " + topic, e);
            }
        };
    }
}
