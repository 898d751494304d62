package com.devsecopsmetrics.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.devsecopsmetrics.events.Commit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockRegistrySerdeTest {

  private static final String SCOPE = "serde-test";
  private static final Map<String, Object> CONFIG =
      Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.URL_PREFIX + SCOPE);

  private static final Schema PERSON_V1 =
      SchemaBuilder.record("Person").namespace("test.people").fields()
          .requiredString("name")
          .requiredInt("age")
          .endRecord();

  private static final Schema PERSON_V2 =
      SchemaBuilder.record("Person").namespace("test.people").fields()
          .requiredString("name")
          .requiredInt("age")
          .optionalString("email") // union [null, string] with default null
          .endRecord();

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  private static Commit commit() {
    return Commit.newBuilder()
        .setCommitId("abc123")
        .setServiceId("payments")
        .setRepo("git@example/payments")
        .setAuthor(null)
        .setCommittedAt(Instant.parse("2026-03-01T12:34:56.789Z"))
        .build();
  }

  @Test
  void specific_record_round_trips_with_instant_and_null_optional_field() {
    SpecificAvroSerde<Commit> serde = new SpecificAvroSerde<>(Commit.class);
    serde.configure(CONFIG, false);

    byte[] bytes = serde.serializer().serialize("devsecops.commits", commit());
    Commit back = serde.deserializer().deserialize("devsecops.commits", bytes);

    assertThat(back).isEqualTo(commit());
    assertThat(back.getAuthor()).isNull();
    assertThat(back.getCommittedAt()).isEqualTo(Instant.parse("2026-03-01T12:34:56.789Z"));
    assertThat(WireFormat.schemaId(bytes)).isEqualTo(MockSchemaRegistry.idOf(Commit.getClassSchema()));
    assertThat(MockSchemaRegistry.forScope(SCOPE).latest("devsecops.commits-value").schema())
        .isEqualTo(Commit.getClassSchema());
  }

  @Test
  void generic_deserializer_with_specific_reader_returns_the_generated_class() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(CONFIG, false);
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    deserializer.configure(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
        AvroSerdeConfig.SPECIFIC_AVRO_READER, "true"), false);

    Object back = deserializer.deserialize("devsecops.commits", serializer.serialize("devsecops.commits", commit()));

    assertThat(back).isInstanceOf(Commit.class).isEqualTo(commit());
  }

  @Test
  void generic_record_round_trips() {
    GenericAvroSerde serde = new GenericAvroSerde();
    serde.configure(CONFIG, false);
    GenericRecord person = new GenericData.Record(PERSON_V1);
    person.put("name", "Ada");
    person.put("age", 36);

    GenericRecord back = serde.deserializer().deserialize("people", serde.serializer().serialize("people", person));

    assertThat(back.getSchema()).isEqualTo(PERSON_V1);
    assertThat(back.get("name")).isEqualTo(new Utf8("Ada"));
    assertThat(back.get("age")).isEqualTo(36);
  }

  @Test
  void primitives_round_trip_as_in_confluent() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(CONFIG, true);
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    deserializer.configure(CONFIG, true);

    assertThat(deserializer.deserialize("t", serializer.serialize("t", "payments"))).isEqualTo("payments");
    assertThat(deserializer.deserialize("t", serializer.serialize("t", 42L))).isEqualTo(42L);
    assertThat(MockSchemaRegistry.forScope(SCOPE).latest("t-key").schema().getType()).isEqualTo(Schema.Type.LONG);
  }

  @Test
  void null_values_are_tombstones_both_ways() {
    SpecificAvroSerde<Commit> serde = new SpecificAvroSerde<>(Commit.class);
    serde.configure(CONFIG, false);

    assertThat(serde.serializer().serialize("devsecops.commits", null)).isNull();
    assertThat(serde.deserializer().deserialize("devsecops.commits", null)).isNull();
  }

  @Test
  void null_topic_falls_back_to_the_record_name_as_subject() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(CONFIG, false);

    byte[] bytes = serializer.serialize(null, commit());

    assertThat(bytes).isNotNull();
    assertThat(MockSchemaRegistry.forScope(SCOPE).latest("com.devsecopsmetrics.events.Commit").id())
        .isEqualTo(WireFormat.schemaId(bytes));
  }

  @Test
  void generic_evolution_reads_v1_data_with_a_v2_reader_schema() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(CONFIG, false);
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    deserializer.configure(CONFIG, false);
    GenericRecord v1 = new GenericData.Record(PERSON_V1);
    v1.put("name", "Grace");
    v1.put("age", 45);

    GenericRecord back = (GenericRecord) deserializer.deserialize("people", serializer.serialize("people", v1), PERSON_V2);

    assertThat(back.getSchema()).isEqualTo(PERSON_V2);
    assertThat(back.get("email")).isNull();
    assertThat(back.get("name")).hasToString("Grace");
    assertThat(back.get("age")).isEqualTo(45);
  }

  @Test
  void specific_evolution_reads_an_older_commit_without_author() {
    // An older Commit: same name, no author field at all.
    Schema commitV0 =
        SchemaBuilder.record("Commit").namespace("com.devsecopsmetrics.events").fields()
            .requiredString("commit_id")
            .requiredString("service_id")
            .requiredString("repo")
            .name("committed_at").type(org.apache.avro.LogicalTypes.timestampMillis()
                .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    GenericRecord old = new GenericData.Record(commitV0);
    old.put("commit_id", "c0");
    old.put("service_id", "payments");
    old.put("repo", "r");
    old.put("committed_at", 1_700_000_000_123L);
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(CONFIG, false);
    SpecificAvroSerde<Commit> serde = new SpecificAvroSerde<>(Commit.class);
    serde.configure(CONFIG, false);

    Commit back = serde.deserializer().deserialize("devsecops.commits", serializer.serialize("devsecops.commits", old));

    assertThat(back.getCommitId()).isEqualTo("c0");
    assertThat(back.getAuthor()).isNull();
    assertThat(back.getCommittedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
  }

  @Test
  void unknown_id_in_the_mock_registry_is_a_clear_error() {
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    deserializer.configure(CONFIG, false);

    assertThatThrownBy(() -> deserializer.deserialize("t", WireFormat.frame(42, new byte[] {2})))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unknown schema id 42 in registry mock://serde-test");
  }

  @Test
  void without_auto_registration_the_schema_must_already_be_registered() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

    assertThatThrownBy(() -> serializer.serialize("devsecops.commits", commit()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unknown subject 'devsecops.commits-value'");

    int id = MockSchemaRegistry.forScope(SCOPE).register("devsecops.commits-value", Commit.getClassSchema());
    assertThat(WireFormat.schemaId(serializer.serialize("devsecops.commits", commit()))).isEqualTo(id);
  }

  @Test
  void use_latest_version_writes_the_latest_id_and_refuses_a_different_layout() {
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
    registry.register("people-value", PERSON_V1);
    int v2 = registry.register("people-value", PERSON_V2);
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
        AvroSerdeConfig.USE_LATEST_VERSION, "true"), false);
    GenericRecord current = new GenericData.Record(PERSON_V2);
    current.put("name", "Linus");
    current.put("age", 30);
    GenericRecord outdated = new GenericData.Record(PERSON_V1);
    outdated.put("name", "Linus");
    outdated.put("age", 30);

    assertThat(WireFormat.schemaId(serializer.serialize("people", current))).isEqualTo(v2);
    assertThat(registry.latest("people-value").version()).isEqualTo(2);
    assertThatThrownBy(() -> serializer.serialize("people", outdated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("differs from version 2");
  }

  @Test
  void serializing_an_unsupported_type_is_a_clear_error() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(CONFIG, false);

    assertThatThrownBy(() -> serializer.serialize("t", List.of(1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot serialize a java.util.ImmutableCollections");
  }

  @Test
  void missing_registry_url_is_a_config_error() {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();

    assertThatThrownBy(() -> serializer.configure(Map.of(), false))
        .hasMessageContaining("schema.registry.url");
  }
}
