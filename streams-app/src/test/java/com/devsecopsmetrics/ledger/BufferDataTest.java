package com.devsecopsmetrics.ledger;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** The buffer-backed forms must read and write exactly what DataInputStream and DataOutputStream do: rows already stored. */
class BufferDataTest {
    private static void writeAll(DataOutput out) throws IOException {
        out.writeByte(-3);
        out.writeBoolean(true);
        out.writeShort(-2);
        out.writeInt(123_456_789);
        out.writeLong(-9_876_543_210L);
        out.writeDouble(0.1 + 0.2);
        out.writeFloat(1.5f);
        out.writeUTF("CWE-79/xss");
        out.writeUTF("déjà vu \u0000 €");
        out.writeUTF("");
        out.write(new byte[]{1, 2, 3}, 1, 2);
    }

    @Test
    void writesWhatDataOutputStreamWritesAndReadsItBack() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        writeAll(new DataOutputStream(expected));
        BufferDataOutput out = new BufferDataOutput(2); // grows many times
        writeAll(out);
        byte[] bytes = out.toByteArray();
        assertThat(bytes).isEqualTo(expected.toByteArray());

        BufferDataInput in = new BufferDataInput(ByteBuffer.wrap(bytes));
        assertThat(in.readByte()).isEqualTo((byte) -3);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readShort()).isEqualTo((short) -2);
        assertThat(in.readInt()).isEqualTo(123_456_789);
        assertThat(in.readLong()).isEqualTo(-9_876_543_210L);
        assertThat(in.readDouble()).isEqualTo(0.1 + 0.2);
        assertThat(in.readFloat()).isEqualTo(1.5f);
        assertThat(in.readUTF()).isEqualTo("CWE-79/xss");
        assertThat(in.readUTF()).isEqualTo("déjà vu \u0000 €");
        assertThat(in.readUTF()).isEmpty();
        assertThat(in.readUnsignedByte()).isEqualTo(2);
        assertThat(in.readUnsignedByte()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(in::readByte).isInstanceOf(java.io.EOFException.class);
    }
}
