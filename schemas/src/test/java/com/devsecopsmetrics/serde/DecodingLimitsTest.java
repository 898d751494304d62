package com.devsecopsmetrics.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.ScanResult;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN §7: a declared length never allocates more than the contract's limits allow; no Error escapes decoding. */
class DecodingLimitsTest {
  private static final String SCOPE = "limits-test";
  private static final Map<String, Object> CONFIG =
      Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.URL_PREFIX + SCOPE);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  /** The framing of a real commit's schema id, followed by Avro bytes that start with {@code declared}. */
  private static byte[] framed(long declared) throws Exception {
    SpecificAvroSerde<Commit> serde = new SpecificAvroSerde<>(Commit.class);
    serde.configure(CONFIG, false);
    byte[] real = serde.serializer().serialize("devsecops.commits", Commit.newBuilder().setCommitId("c").setServiceId("s")
        .setRepo("r").setCommittedAt(Instant.EPOCH).build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(real, 0, 5);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    encoder.writeLong(declared);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void aStringDeclaringTwoBillionBytesIsRefusedWithoutAllocatingThem() throws Exception {
    byte[] bomb = framed(2_000_000_000L);
    SpecificAvroSerde<Commit> serde = new SpecificAvroSerde<>(Commit.class);
    serde.configure(CONFIG, false);
    assertThatThrownBy(() -> serde.deserializer().deserialize("devsecops.commits", bomb))
        .isInstanceOf(SerializationException.class).hasMessageContaining("exceeds");
  }

  @Test
  void aStringJustOverTheLimitIsRefusedAndOneAtItIsRead() throws Exception {
    byte[] over = framed(AvroDecodingLimits.MAX_STRING_BYTES + 1L);
    SpecificAvroSerde<Commit> serde = new SpecificAvroSerde<>(Commit.class);
    serde.configure(CONFIG, false);
    assertThatThrownBy(() -> serde.deserializer().deserialize("devsecops.commits", over))
        .isInstanceOf(SerializationException.class).hasMessageContaining("exceeds");
    byte[] within = framed(AvroDecodingLimits.MAX_STRING_BYTES);
    // the length is accepted; the bytes are simply not there
    assertThatThrownBy(() -> serde.deserializer().deserialize("devsecops.commits", within))
        .isInstanceOf(SerializationException.class).hasMessageNotContaining("exceeds");
  }

  @Test
  void anArrayDeclaringMoreItemsThanTheContractAllowsIsRefused() throws Exception {
    SpecificAvroSerde<ScanResult> serde = new SpecificAvroSerde<>(ScanResult.class);
    serde.configure(CONFIG, false);
    byte[] real = serde.serializer().serialize("devsecops.scan-results", ScanResult.newBuilder().setScanId("x").setServiceId("s")
        .setRepo("r").setScanner("z").setScanType(com.devsecopsmetrics.events.ScanType.SAST).setCompletedAt(Instant.EPOCH)
        .setOutcome(com.devsecopsmetrics.events.ScanOutcome.PASSED).setCritical(0).setHigh(0).setMedium(0).setLow(0)
        .setFindingIds(java.util.List.of("f")).build());
    // finding_ids is the last field: [union index 1][block count 1]["f"][0]; replace the count with 2^30
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(real, 0, real.length - 4);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    encoder.writeLong(1L << 30);
    encoder.flush();
    byte[] bomb = out.toByteArray();
    assertThatThrownBy(() -> serde.deserializer().deserialize("devsecops.scan-results", bomb))
        .isInstanceOf(SerializationException.class).hasMessageContaining("exceeds");
  }
}
