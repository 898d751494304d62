package com.devsecopsmetrics.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two fresh instances stand in for two JVMs that both use {@code mock://embedded}. */
class MockSchemaRegistryTest {

  private static final Schema PRIVATE_EVENT =
      SchemaBuilder.record("PrivateEvent").namespace("test.private").fields().requiredLong("at").endRecord();

  @AfterEach
  void dropScopes() {
    MockSchemaRegistry.dropScope("shared-a");
  }

  @Test
  void separate_instances_give_the_same_schema_the_same_id() {
    MockSchemaRegistry producerJvm = new MockSchemaRegistry("embedded", List.of());
    MockSchemaRegistry consumerJvm = new MockSchemaRegistry("embedded", List.of());

    int idInProducer = producerJvm.register("devsecops.commits-value", Commit.getClassSchema());
    int idInConsumer = consumerJvm.register("some-other-subject", Commit.getClassSchema());

    assertThat(idInProducer).isEqualTo(idInConsumer).isEqualTo(MockSchemaRegistry.idOf(Commit.getClassSchema()));
    assertThat(idInProducer).isNotNegative();
    assertThat(producerJvm.register("x", Finding.getClassSchema())).isNotEqualTo(idInProducer);
  }

  @Test
  void a_consumer_in_another_jvm_reads_a_known_specific_record() {
    MockSchemaRegistry producerJvm = new MockSchemaRegistry("embedded", List.of());
    MockSchemaRegistry consumerJvm = new MockSchemaRegistry("embedded", KnownSchemas.all());
    SpecificAvroSerde<Commit> producerSerde = new SpecificAvroSerde<>(Commit.class, producerJvm);
    producerSerde.configure(Map.of(), false);
    Commit commit = new Commit("c1", "payments", "repo", "ada", Instant.ofEpochMilli(1_750_000_000_000L));

    byte[] bytes = producerSerde.serializer().serialize("devsecops.commits", commit);

    // Generic reader (like a tool that knows no classes) resolves the id through the known schemas.
    KafkaAvroDeserializer generic = new KafkaAvroDeserializer(consumerJvm);
    generic.configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
    assertThat(generic.deserialize("devsecops.commits", bytes)).isEqualTo(commit);
  }

  @Test
  void a_specific_serde_makes_its_own_schema_known_even_without_preloads() {
    MockSchemaRegistry producerJvm = new MockSchemaRegistry("embedded", List.of());
    MockSchemaRegistry bareConsumerJvm = new MockSchemaRegistry("embedded", List.of());
    SpecificAvroSerde<Commit> producerSerde = new SpecificAvroSerde<>(Commit.class, producerJvm);
    producerSerde.configure(Map.of(), false);
    Commit commit = new Commit("c2", "payments", "repo", null, Instant.ofEpochMilli(1_750_000_000_000L));
    byte[] bytes = producerSerde.serializer().serialize("devsecops.commits", commit);

    KafkaAvroDeserializer bare = new KafkaAvroDeserializer(bareConsumerJvm);
    bare.configure(Map.of(), false);
    assertThatThrownBy(() -> bare.deserialize("devsecops.commits", bytes))
        .hasMessage("unknown schema id " + MockSchemaRegistry.idOf(Commit.getClassSchema())
            + " in registry mock://embedded");

    SpecificAvroSerde<Commit> consumerSerde = new SpecificAvroSerde<>(Commit.class, bareConsumerJvm);
    consumerSerde.configure(Map.of(), false);
    assertThat(consumerSerde.deserializer().deserialize("devsecops.commits", bytes)).isEqualTo(commit);
  }

  @Test
  void scopes_are_shared_within_the_jvm_and_preloaded() {
    assertThat(MockSchemaRegistry.forScope("shared-a")).isSameAs(MockSchemaRegistry.forScope("shared-a"));
    assertThat(SchemaRegistries.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://shared-a")))
        .isSameAs(MockSchemaRegistry.forScope("shared-a"));
    for (Schema known : KnownSchemas.all()) {
      assertThat(MockSchemaRegistry.forScope("shared-a").getById(MockSchemaRegistry.idOf(known))).isEqualTo(known);
    }
    assertThat(KnownSchemas.all()).hasSize(6);
  }

  @Test
  void preload_reaches_existing_and_future_scopes() {
    MockSchemaRegistry existing = MockSchemaRegistry.forScope("shared-a");
    int id = MockSchemaRegistry.idOf(PRIVATE_EVENT);
    assertThatThrownBy(() -> existing.getById(id)).hasMessageContaining("unknown schema id " + id);

    MockSchemaRegistry.preload(PRIVATE_EVENT);

    assertThat(existing.getById(id)).isEqualTo(PRIVATE_EVENT);
    MockSchemaRegistry.dropScope("shared-a");
    assertThat(MockSchemaRegistry.forScope("shared-a").getById(id)).isEqualTo(PRIVATE_EVENT);
  }

  @Test
  void subjects_have_versions_in_registration_order() {
    MockSchemaRegistry registry = new MockSchemaRegistry("v", List.of());
    Schema v1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
    Schema v2 = SchemaBuilder.record("R").fields().requiredInt("a").optionalString("b").endRecord();

    int id1 = registry.register("r-value", v1);
    int id2 = registry.register("r-value", v2);
    registry.register("r-value", v1); // re-registering an old version adds nothing

    assertThat(registry.latest("r-value")).isEqualTo(new RegisteredSchema(id2, 2, v2));
    assertThat(registry.lookup("r-value", v1)).isEqualTo(id1);
    assertThatThrownBy(() -> registry.latest("nope")).hasMessage("unknown subject 'nope' in registry mock://v");
  }
}
