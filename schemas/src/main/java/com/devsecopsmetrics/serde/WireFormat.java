package com.devsecopsmetrics.serde;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: one magic byte {@code 0}, the schema id as a 4-byte big-endian int,
 * then the Avro binary encoding of the value.
 *
 * <p>Kept byte-for-byte identical to Confluent's serde so that topics written by this serde can be
 * read by Confluent's deserializer (and the reverse), and the two can be swapped by class name.
 */
public final class WireFormat {

  /** The only format version there is; anything else is not ours (or is corrupted). */
  public static final byte MAGIC_BYTE = 0x0;

  /** Magic byte plus the 4-byte schema id. */
  public static final int HEADER_SIZE = 1 + Integer.BYTES;

  private WireFormat() {}

  /** Writes the 5-byte header for {@code schemaId} into a fresh array sized for the body too. */
  public static byte[] frame(int schemaId, byte[] avroBody, int bodyLength) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE + bodyLength); // big-endian by default
    buffer.put(MAGIC_BYTE).putInt(schemaId).put(avroBody, 0, bodyLength);
    return buffer.array();
  }

  /** Writes the 5-byte header for {@code schemaId} to {@code out}; the Avro body follows it. */
  public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(schemaId).array());
  }

  /** Convenience for {@link #frame(int, byte[], int)} over a whole array. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    return frame(schemaId, avroBody, avroBody.length);
  }

  /**
   * Reads and validates the header of a framed payload.
   *
   * @return the schema id; the Avro body starts at {@link #HEADER_SIZE}
   * @throws SerializationException if the payload is too short or the magic byte is wrong
   */
  public static int schemaId(byte[] payload) {
    if (payload.length < HEADER_SIZE) {
      throw new SerializationException(
          "payload of "
              + payload.length
              + " bytes is too short for the Confluent wire format: expected at least "
              + HEADER_SIZE
              + " header bytes (magic byte 0 + 4-byte schema id)");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "unknown magic byte 0x%02x: expected 0x00 (Confluent wire format); "
                  + "the value was probably not written by an Avro schema-registry serializer",
              payload[0] & 0xff));
    }
    return ByteBuffer.wrap(payload, 1, Integer.BYTES).getInt();
  }
}
