package com.devsecopsmetrics.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  private static final Schema PING =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"test\",\"fields\":["
                  + "{\"name\":\"n\",\"type\":\"int\"},{\"name\":\"s\",\"type\":\"string\"}]}");

  /** A registry that hands out one fixed id, so the expected header bytes are known in advance. */
  private static final class FixedIdRegistry implements SchemaRegistryClient {
    private final int id;

    FixedIdRegistry(int id) {
      this.id = id;
    }

    @Override
    public int register(String subject, Schema schema) {
      return id;
    }

    @Override
    public int lookup(String subject, Schema schema) {
      return id;
    }

    @Override
    public Schema getById(int requested) {
      if (requested != id) {
        throw SchemaRegistryException.unknownSchemaId(requested, describe());
      }
      return PING;
    }

    @Override
    public RegisteredSchema latest(String subject) {
      return new RegisteredSchema(id, 1, PING);
    }

    @Override
    public void setCompatibility(String subject, String level) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
      return "fixed://" + id;
    }
  }

  @Test
  void frames_magic_byte_big_endian_id_and_plain_avro_binary() throws IOException {
    int id = 0x01020304;
    KafkaAvroSerializer serializer = new KafkaAvroSerializer(new FixedIdRegistry(id));
    serializer.configure(Map.of(), false);
    GenericRecord ping = new GenericData.Record(PING);
    ping.put("n", 150);
    ping.put("s", "hi");

    byte[] bytes = serializer.serialize("pings", ping);

    ByteArrayOutputStream expectedBody = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expectedBody, null);
    new GenericDatumWriter<GenericRecord>(PING).write(ping, encoder);
    encoder.flush();
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(1, 2, 3, 4);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(expectedBody.toByteArray());
    // zig-zag varint 150 = 0xac 0x02, then string length 2 (zig-zag 4) and "hi"
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(0xac, 0x02, 0x04, 'h', 'i');
  }

  @Test
  void header_round_trips_negative_and_large_ids() {
    for (int id : List.of(0, 1, 255, 256, Integer.MAX_VALUE, -1)) {
      byte[] framed = WireFormat.frame(id, new byte[] {42});
      assertThat(WireFormat.schemaId(framed)).isEqualTo(id);
      assertThat(framed).hasSize(6).endsWith(42);
    }
  }

  @Test
  void rejects_a_wrong_magic_byte() {
    byte[] framed = WireFormat.frame(7, new byte[] {1});
    framed[0] = 1;
    assertThatThrownBy(() -> WireFormat.schemaId(framed))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown magic byte 0x01");
  }

  @Test
  void rejects_a_payload_shorter_than_the_header() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes is too short");
  }

  @Test
  void deserializer_reports_a_truncated_body() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer(new FixedIdRegistry(9));
    serializer.configure(Map.of(), false);
    GenericRecord ping = new GenericData.Record(PING);
    ping.put("n", 1);
    ping.put("s", "hello");
    byte[] bytes = serializer.serialize("pings", ping);
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer(new FixedIdRegistry(9));
    deserializer.configure(Map.of(), false);

    assertThatThrownBy(() -> deserializer.deserialize("pings", Arrays.copyOf(bytes, bytes.length - 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("writer schema id 9");
  }

  @Test
  void deserializer_reports_bytes_left_over() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer(new FixedIdRegistry(9));
    serializer.configure(Map.of(), false);
    GenericRecord ping = new GenericData.Record(PING);
    ping.put("n", 1);
    ping.put("s", "x");
    byte[] bytes = serializer.serialize("pings", ping);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer(new FixedIdRegistry(9));
    deserializer.configure(Map.of(), false);

    assertThatThrownBy(() -> deserializer.deserialize("pings", longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("left over");
  }
}
