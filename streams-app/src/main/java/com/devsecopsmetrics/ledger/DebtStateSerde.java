package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.debt.DebtState;
import org.apache.kafka.common.errors.SerializationException;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Binary form of {@link DebtState} for the snapshot rows, with a leading version byte. */
public final class DebtStateSerde extends BinaryFormSerde<DebtState> {
    private static final StoredFormat FORMAT = new StoredFormat("debt state", 1);

    public DebtStateSerde() {
        super(DebtStateSerde::write, DebtStateSerde::read);
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
