package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.ingest.TombstoneSerde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Values whose layout is written elsewhere (sorted entries, timelines, JSON, counters, evidence bytes) stored
 * behind a {@link StoredFormat} byte, so that every store value says which layout it is in. Each kind reads past
 * the byte in place: a string or a long costs no copy to read, and one to write.
 */
public final class StoredFormatSerde<V> implements TombstoneSerde<V> {
    private final StoredFormat format;
    private final Function<V, byte[]> encode;
    /** Decodes the value that starts at offset 1 of the stored bytes. */
    private final BiFunction<byte[], Integer, V> decode;

    private StoredFormatSerde(StoredFormat format, Function<V, byte[]> encode, BiFunction<byte[], Integer, V> decode) {
        this.format = format;
        this.encode = encode;
        this.decode = decode;
    }

    /** UTF-8 text of a layout named by {@code what}, in its version 1. */
    public static StoredFormatSerde<String> strings(String what) {
        return new StoredFormatSerde<>(new StoredFormat(what, 1), s -> s.getBytes(StandardCharsets.UTF_8),
                (bytes, from) -> new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
    }

    /** A big-endian long. */
    public static StoredFormatSerde<Long> longs(String what) {
        return new StoredFormatSerde<>(new StoredFormat(what, 1), v -> ByteBuffer.allocate(8).putLong(v).array(),
                (bytes, from) -> ByteBuffer.wrap(bytes).getLong(from));
    }

    /** Bytes of a layout named by {@code what}, in its version {@code version}. */
    public static StoredFormatSerde<byte[]> bytes(String what, int version) {
        return new StoredFormatSerde<>(new StoredFormat(what, version), v -> v,
                (bytes, from) -> Arrays.copyOfRange(bytes, from, bytes.length));
    }

    @Override
    public byte[] encode(String topic, V value) {
        byte[] body = encode.apply(value);
        byte[] out = new byte[body.length + 1];
        out[0] = format.current();
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Override
    public V decode(String topic, byte[] bytes) {
        format.check(bytes.length == 0 ? -1 : bytes[0], topic);
        return decode.apply(bytes, 1);
    }
}
