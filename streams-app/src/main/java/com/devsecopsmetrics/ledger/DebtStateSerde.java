package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.debt.DebtState;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Binary form of {@link DebtState} for the snapshot rows, with a leading version byte. */
public final class DebtStateSerde implements Serde<DebtState> {
    private static final StoredFormat FORMAT = new StoredFormat("debt state", 1);

    @Override
    public Serializer<DebtState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<DebtState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    public static byte[] write(DebtState state) {
        try {
            BufferDataOutput out = new BufferDataOutput(64);
            out.writeByte(FORMAT.current());
            state.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    public static DebtState read(byte[] bytes) {
        try {
            BufferDataInput in = new BufferDataInput(ByteBuffer.wrap(bytes));
            FORMAT.check(in.readByte(), null);
            return DebtState.readFrom(in);
        } catch (IOException e) {
            throw new SerializationException("unreadable debt state", e);
        }
    }
}
