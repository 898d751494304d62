package com.devsecopsmetrics.ledger;

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

/** Binary form of a {@link Contribution}: the number of days, then each epoch day and its figures. */
public final class ContributionSerde implements Serde<Contribution> {
    @Override
    public Serializer<Contribution> serializer() {
        return (topic, c) -> {
            if (c == null) {
                return null;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeInt(c.days().size());
                for (Map.Entry<Long, DayFigures> e : c.days().entrySet()) {
                    out.writeLong(e.getKey());
                    DayFiguresSerde.writeTo(out, e.getValue());
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        };
    }

    @Override
    public Deserializer<Contribution> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                Contribution c = Contribution.none();
                for (int n = in.readInt(); n > 0; n--) {
                    long day = in.readLong();
                    c.days().put(day, DayFiguresSerde.readFrom(in));
                }
                return c;
            } catch (IOException e) {
                throw new SerializationException("unreadable contribution", e);
            }
        };
    }
}
