package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.InternalAvroSerde;
import com.devsecopsmetrics.ingest.TombstoneSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Arrays;

/**
 * Any contract event on an internal repartition topic: a format byte, the kind, then the event as the stores keep
 * it ({@link InternalAvroSerde}: single-object encoding with the writer schema's fingerprint), so a record written
 * before a rolling upgrade that adds an optional field is still read after it. The application's internal topics
 * stay out of the user's schema registry.
 */
public final class EventEnvelopeSerde implements TombstoneSerde<Object> {
    private static final byte FORMAT = 2;
    private static final EventKind[] KINDS = EventKind.values();

    private final Serializer<SpecificRecord>[] writers = new Serializer[KINDS.length];
    private final Deserializer<SpecificRecord>[] readers = new Deserializer[KINDS.length];

    @SuppressWarnings("unchecked")
    public EventEnvelopeSerde() {
        for (EventKind kind : KINDS) {
            Serde<SpecificRecord> serde = (Serde<SpecificRecord>) (Serde<?>) InternalAvroSerde.of(kind.type());
            writers[kind.ordinal()] = serde.serializer();
            readers[kind.ordinal()] = serde.deserializer();
        }
    }

    @Override
    public byte[] encode(String topic, Object value) {
        SpecificRecord event = (SpecificRecord) value;
        EventKind kind = EventKind.ofRecord(event).orElseThrow(() -> new SerializationException("not a contract event: "
                + event.getSchema().getFullName()));
        byte[] body = writers[kind.ordinal()].serialize(topic, event);
        byte[] framed = new byte[body.length + 2];
        framed[0] = FORMAT;
        framed[1] = (byte) kind.ordinal();
        System.arraycopy(body, 0, framed, 2, body.length);
        return framed;
    }

    @Override
    public Object decode(String topic, byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != FORMAT || bytes[1] < 0 || bytes[1] >= KINDS.length) {
            throw new SerializationException("not an event envelope of format " + FORMAT + " on " + topic);
        }
        return readers[bytes[1]].deserialize(topic, Arrays.copyOfRange(bytes, 2, bytes.length));
    }
}
