package com.devsecopsmetrics.ingest;


import org.apache.kafka.common.errors.SerializationException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one finding or incident, in arrival order, as one store value: a format byte, the number of
 * events (a 4-byte int), then each event as a 4-byte length and its single-object encoding
 * ({@link InternalAvroSerde}). The list is framed here and not as an Avro array because Avro's decoding limit on
 * collection items (set to the contract's 1,000 items per list) would refuse a finding with a longer history; only
 * each event's own lists, which the contract bounds, go through Avro.
 */
public final class EventListSerde<R> implements TombstoneSerde<List<R>> {
    /**
     * Odd, unlike the first byte of the plain Avro array that builds before it stored (a block count, zigzag-encoded
     * and never negative), so such a value is reported as unreadable rather than misread.
     */
    public static final byte FORMAT = 1;
    /** The least an event can take: its length and Avro's 10-byte header. */
    private static final int LEAST_EVENT_BYTES = 4 + 10;
    private final InternalAvroSerde<R> events;

    public EventListSerde(InternalAvroSerde<R> events) {
        this.events = events;
    }

    @Override
    public byte[] encode(String topic, List<R> list) {
        try {
            Frame out = new Frame(32 + list.size() * 256);
            out.write(FORMAT);
            out.writeInt(list.size());
            for (R event : list) {
                int lengthAt = out.reserveInt();
                events.writeTo(event, out);
                out.patchLength(lengthAt);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write a list of " + events.name() + " to " + topic, e);
        }
    }

    @Override
    public List<R> decode(String topic, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 5 || in.get() != FORMAT) {
            throw new SerializationException("cannot read a list of " + events.name() + " in " + topic + ": unknown list format "
                    + (bytes.length == 0 ? "(empty value)" : bytes[0]) + ", expected " + FORMAT
                    + " (state from a build before stored values carried their format must be reset: bin/dsm reset)");
        }
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / LEAST_EVENT_BYTES) {
            throw new SerializationException("cannot read a list of " + events.name() + " in " + topic + ": " + count
                    + " events declared in " + in.remaining() + " bytes");
        }
        List<R> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.remaining() < 4 ? -1 : in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new SerializationException("cannot read a list of " + events.name() + " in " + topic + ": event " + i + " is cut short");
            }
            int end = in.position() + length;
            list.add(events.read(in.limit(end), topic));
            in.limit(bytes.length).position(end);
        }
        return list;
    }

    /** A growing buffer whose event lengths are written once each event is. */
    private static final class Frame extends ByteArrayOutputStream {
        Frame(int size) {
            super(size);
        }

        void writeInt(int v) {
            write(v >>> 24);
            write(v >>> 16);
            write(v >>> 8);
            write(v);
        }

        int reserveInt() {
            writeInt(0);
            return count - 4;
        }

        void patchLength(int at) {
            int v = count - at - 4;
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }
    }
}
