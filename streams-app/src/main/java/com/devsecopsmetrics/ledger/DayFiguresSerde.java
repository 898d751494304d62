package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.SampleSketch;
import com.devsecopsmetrics.metrics.debt.DebtState;
import org.apache.kafka.common.errors.SerializationException;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Compact binary form of {@link DayFigures} for the internal stores: most counts are zero, so each section
 * lists only its non-zero entries. A leading version byte leaves room to evolve the layout.
 */
public final class DayFiguresSerde extends BinaryFormSerde<DayFigures> {
    /** 2 added the debt change; rows of version 1 have none. */
    private static final StoredFormat FORMAT = new StoredFormat("day figures", (byte) 1, (byte) 2);

    public DayFiguresSerde() {
        super(DayFiguresSerde::write, DayFiguresSerde::read);
    }

    public static byte[] write(DayFigures f) {
        try {
            BufferDataOutput out = new BufferDataOutput(128);
            writeTo(out, f);
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    static void writeTo(DataOutput out, DayFigures f) throws IOException {
        out.writeByte(FORMAT.current());
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
            out.writeInt(e.getValue().nonZeroBuckets());
            e.getValue().writeBuckets(out);
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

    /** Reads a stored row: the hot path of every store read and query, so from a buffer rather than a stream. */
    public static DayFigures read(byte[] bytes) {
        try {
            return readFrom(ByteBuffer.wrap(bytes), bytes);
        } catch (IOException | BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("unreadable day figures", e);
        }
    }

    /** Reads one row at the buffer's position, which wraps the whole of {@code bytes}, and moves past it. */
    static DayFigures readFrom(ByteBuffer in, byte[] bytes) throws IOException {
        byte version = FORMAT.check(in.get(), null);
        DayFigures f = new DayFigures();
        DayFigures.Count[] countKinds = DayFigures.Count.values();
        for (int n = in.get() & 0xff; n > 0; n--) {
            f.count(countKinds[in.get() & 0xff], in.getLong());
        }
        DayFigures.Sum[] sumKinds = DayFigures.Sum.values();
        for (int n = in.get() & 0xff; n > 0; n--) {
            f.sum(sumKinds[in.get() & 0xff], in.getDouble());
        }
        DayFigures.Samples[] sampleKinds = DayFigures.Samples.values();
        for (int n = in.get() & 0xff; n > 0; n--) {
            SampleSketch sketch = f.samplesMap().computeIfAbsent(sampleKinds[in.get() & 0xff], k -> new SampleSketch());
            int entries = in.getInt();
            int[] buckets = new int[entries];
            long[] counts = new long[entries];
            for (int b = 0; b < entries; b++) {
                buckets[b] = in.getInt();
                counts[b] = in.getLong();
            }
            sketch.addBuckets(buckets, counts, entries);
        }
        for (int n = in.getInt(); n > 0; n--) {
            f.defectClassIntake(readUtf(in, bytes), in.getLong());
        }
        if (version >= 2 && in.get() != 0) {
            f.debt(DebtState.readFrom(new BufferDataInput(in)), 1);
        }
        return f;
    }

    /** {@code writeUTF}'s format; defect classes are ASCII and read directly, anything else is decoded in full. */
    private static String readUtf(ByteBuffer in, byte[] bytes) throws IOException {
        int start = in.position();
        int length = in.getShort() & 0xffff;
        int from = in.position();
        for (int i = from; i < from + length; i++) {
            if (bytes[i] < 0) {
                in.position(start);
                return new BufferDataInput(in).readUTF();
            }
        }
        in.position(from + length);
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    private static int nonZero(long[] values) {
        int n = 0;
        for (long v : values) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }
}
