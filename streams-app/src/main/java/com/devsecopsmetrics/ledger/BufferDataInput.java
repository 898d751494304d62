package com.devsecopsmetrics.ledger;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@link DataInput} over a byte buffer, for reading stored rows: {@code DataInputStream} over a
 * {@code ByteArrayInputStream} reads byte by byte through synchronised calls, which dominated row decoding.
 */
final class BufferDataInput implements DataInput {
    private final ByteBuffer in;

    BufferDataInput(ByteBuffer in) {
        this.in = in;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        need(len).get(b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.min(n, in.remaining());
        in.position(in.position() + skipped);
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return need(Byte.BYTES).get();
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return readByte() & 0xff;
    }

    @Override
    public short readShort() throws IOException {
        return need(Short.BYTES).getShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xffff;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        return need(Integer.BYTES).getInt();
    }

    @Override
    public long readLong() throws IOException {
        return need(Long.BYTES).getLong();
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("rows hold no lines");
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }

    /** The buffer, once it holds {@code bytes} more: a row cut short ends as {@link DataInput} says, with an EOF. */
    private ByteBuffer need(int bytes) throws EOFException {
        if (in.remaining() < bytes) {
            throw new EOFException();
        }
        return in;
    }
}
