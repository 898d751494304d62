package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.debt.DebtState;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Compact binary form of {@link DayFigures} for the internal stores: most counts are zero, so each section
 * lists only its non-zero entries. A leading version byte leaves room to evolve the layout.
 */
public final class DayFiguresSerde implements Serde<DayFigures> {
    /** 2 added the debt change; rows of version 1 have none. */
    private static final byte VERSION = 2;

    @Override
    public Serializer<DayFigures> serializer() {
        return (topic, figures) -> figures == null ? null : write(figures);
    }

    @Override
    public Deserializer<DayFigures> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    public static byte[] write(DayFigures f) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            writeTo(out, f);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    static void writeTo(DataOutputStream out, DayFigures f) throws IOException {
        out.writeByte(VERSION);
        long[] counts = f.countsArray();
        out.writeByte(nonZero(counts));
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.writeByte(i);
                out.writeLong(counts[i]);
            }
        }
        double[] sums = f.sumsArray();
        int sumEntries = 0;
        for (double s : sums) {
            sumEntries += s != 0 ? 1 : 0;
        }
        out.writeByte(sumEntries);
        for (int i = 0; i < sums.length; i++) {
            if (sums[i] != 0) {
                out.writeByte(i);
                out.writeDouble(sums[i]);
            }
        }
        out.writeByte(f.samplesMap().size());
        for (Map.Entry<DayFigures.Samples, SampleSketch> e : f.samplesMap().entrySet()) {
            out.writeByte(e.getKey().ordinal());
            int[] entries = {0};
            e.getValue().forEachBucket((n, b) -> entries[0]++);
            out.writeInt(entries[0]);
            IOException[] failure = {null};
            e.getValue().forEachBucket((n, bucket) -> {
                try {
                    out.writeInt(bucket);
                    out.writeLong(n);
                } catch (IOException io) {
                    failure[0] = io;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        out.writeInt(f.intakeByDefectClass().size());
        for (Map.Entry<String, Long> e : f.intakeByDefectClass().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        DebtState debt = f.debt();
        out.writeBoolean(!debt.isEmpty());
        if (!debt.isEmpty()) {
            debt.writeTo(out);
        }
    }

    public static DayFigures read(byte[] bytes) {
        try {
            return readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new SerializationException("unreadable day figures", e);
        }
    }

    static DayFigures readFrom(DataInputStream in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION && version != 1) {
            throw new SerializationException("unknown day figures version " + version);
        }
        DayFigures f = new DayFigures();
        DayFigures.Count[] countKinds = DayFigures.Count.values();
        for (int n = in.readUnsignedByte(); n > 0; n--) {
            f.count(countKinds[in.readUnsignedByte()], in.readLong());
        }
        DayFigures.Sum[] sumKinds = DayFigures.Sum.values();
        for (int n = in.readUnsignedByte(); n > 0; n--) {
            f.sum(sumKinds[in.readUnsignedByte()], in.readDouble());
        }
        DayFigures.Samples[] sampleKinds = DayFigures.Samples.values();
        for (int n = in.readUnsignedByte(); n > 0; n--) {
            SampleSketch sketch = f.samplesMap().computeIfAbsent(sampleKinds[in.readUnsignedByte()], k -> new SampleSketch());
            for (int b = in.readInt(); b > 0; b--) {
                int bucket = in.readInt();
                long samples = in.readLong();
                if (bucket == Integer.MIN_VALUE) {
                    sketch.addToZero(samples);
                } else {
                    sketch.addToBucket(bucket, samples);
                }
            }
        }
        for (int n = in.readInt(); n > 0; n--) {
            f.defectClassIntake(in.readUTF(), in.readLong());
        }
        if (version >= 2 && in.readBoolean()) {
            f.debt(DebtState.readFrom(in), 1);
        }
        return f;
    }

    private static int nonZero(long[] values) {
        int n = 0;
        for (long v : values) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }
}
