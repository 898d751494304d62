package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.ingest.TombstoneSerde;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures;

import org.apache.kafka.common.errors.SerializationException;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;

/** Binary form of a {@link Contribution}: a format byte, the number of days, then each epoch day and its figures. */
public final class ContributionSerde implements TombstoneSerde<Contribution> {
    private static final StoredFormat FORMAT = new StoredFormat("contribution", 1);

    @Override
    public byte[] encode(String topic, Contribution c) {
        try {
            BufferDataOutput out = new BufferDataOutput(96);
            out.writeByte(FORMAT.current());
            out.writeInt(c.days().size());
            for (Map.Entry<Long, DayFigures> e : c.days().entrySet()) {
                out.writeLong(e.getKey());
                DayFiguresSerde.writeTo(out, e.getValue());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    @Override
    public Contribution decode(String topic, byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            FORMAT.check(in.get(), topic);
            Contribution c = Contribution.none();
            for (int n = in.getInt(); n > 0; n--) {
                long day = in.getLong();
                c.days().put(day, DayFiguresSerde.readFrom(in, bytes));
            }
            return c;
        } catch (IOException | BufferUnderflowException e) {
            throw new SerializationException("unreadable contribution", e);
        }
    }
}
