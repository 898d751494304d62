package com.devsecopsmetrics.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@link DataOutput} into a growing byte array, for encoding stored rows, in {@code DataOutputStream}'s format
 * without its synchronised single-byte writes.
 */
final class BufferDataOutput implements DataOutput {
    private ByteBuffer out;

    BufferDataOutput(int initialCapacity) {
        out = ByteBuffer.allocate(initialCapacity);
    }

    private ByteBuffer room(int bytes) {
        if (out.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        return out;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(out.array(), out.position());
    }

    @Override
    public void write(int b) {
        room(1).put((byte) b);
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        room(len).put(b, off, len);
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        room(2).putShort((short) v);
    }

    @Override
    public void writeChar(int v) {
        room(2).putChar((char) v);
    }

    @Override
    public void writeInt(int v) {
        room(4).putInt(v);
    }

    @Override
    public void writeLong(long v) {
        room(8).putLong(v);
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    /** Modified UTF-8 as {@link DataOutputStream#writeUTF} writes it; ASCII (every defect class so far) directly. */
    @Override
    public void writeUTF(String s) throws IOException {
        boolean ascii = s.length() <= 0xffff;
        for (int i = 0; ascii && i < s.length(); i++) {
            char c = s.charAt(i);
            ascii = c >= 1 && c <= 0x7f;
        }
        if (ascii) {
            writeShort(s.length());
            writeBytes(s);
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() * 3 + 2);
        new DataOutputStream(bytes).writeUTF(s);
        write(bytes.toByteArray());
    }
}
