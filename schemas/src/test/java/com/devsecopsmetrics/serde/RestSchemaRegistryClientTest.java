package com.devsecopsmetrics.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.devsecopsmetrics.events.Commit;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  private static final Schema V1 = SchemaBuilder.record("Thing").namespace("test").fields().requiredString("a").endRecord();
  private static final Schema V2 =
      SchemaBuilder.record("Thing").namespace("test").fields().requiredString("a").optionalInt("b").endRecord();
  private static final String BASIC_ALICE =
      "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));

  private FakeSchemaRegistryServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static long count(List<FakeSchemaRegistryServer.Request> requests, String method, String pathPrefix) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).count();
  }

  @Test
  void registers_with_the_registry_media_type_and_caches_the_id() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());

    int id = client.register("things-value", V1);
    int again = client.register("things-value", V1);

    assertThat(again).isEqualTo(id);
    List<FakeSchemaRegistryServer.Request> requests = server.requests();
    assertThat(requests).hasSize(1);
    FakeSchemaRegistryServer.Request register = requests.get(0);
    assertThat(register.method()).isEqualTo("POST");
    assertThat(register.path()).isEqualTo("/subjects/things-value/versions");
    assertThat(register.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    var body = new ObjectMapper().readTree(register.body());
    assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(V1);
    assertThat(body.has("schemaType")).isFalse();
    // The id -> schema direction is cached by registering too: no GET needed.
    assertThat(client.getById(id)).isEqualTo(V1);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void fetches_a_schema_by_id_once_and_reads_the_latest_version() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    int id1 = server.preRegister("things-value", V1);
    int id2 = server.preRegister("things-value", V2);
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());

    assertThat(client.getById(id1)).isEqualTo(V1);
    assertThat(client.getById(id1)).isEqualTo(V1);
    assertThat(count(server.requests(), "GET", "/schemas/ids/")).isEqualTo(1);
    assertThat(client.latest("things-value")).isEqualTo(new RegisteredSchema(id2, 2, V2));
    assertThat(client.lookup("things-value", V1)).isEqualTo(id1);
  }

  @Test
  void an_unknown_id_is_a_clear_error() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());

    assertThatThrownBy(() -> client.getById(42))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage("unknown schema id 42 in registry " + server.url())
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(40403);
  }

  @Test
  void an_unknown_subject_is_a_clear_error() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());

    assertThatThrownBy(() -> client.latest("nothing-value"))
        .hasMessage("unknown subject 'nothing-value' in registry " + server.url());
  }

  @Test
  void sets_a_subjects_compatibility_with_put_config() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());

    client.setCompatibility("devsecops.metrics.daily-value", "BACKWARD");

    FakeSchemaRegistryServer.Request put = server.requests().get(0);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.path()).isEqualTo("/config/devsecops.metrics.daily-value");
    assertThat(new ObjectMapper().readTree(put.body()).get("compatibility").asText()).isEqualTo("BACKWARD");
    assertThat(server.compatibility("devsecops.metrics.daily-value")).isEqualTo("BACKWARD");
    assertThatThrownBy(() -> client.setCompatibility("x", "SIDEWAYS"))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(422));
  }

  @Test
  void an_error_body_is_reported_with_status_code_and_message() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    // A base path the registry does not serve: every endpoint answers 404 with an error body.
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url() + "/not-a-registry");

    assertThatThrownBy(() -> client.register("x", V1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("refused POST /subjects/x/versions with HTTP 404")
        .hasMessageContaining("HTTP 404 Not Found");
  }

  @Test
  void sends_basic_auth_from_user_info() throws IOException {
    server = new FakeSchemaRegistryServer(BASIC_ALICE);
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            List.of(server.url()),
            Map.of(
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice:s3cret"));

    int id = client.register("things-value", V1);

    assertThat(id).isPositive();
    assertThat(server.requests()).extracting(FakeSchemaRegistryServer.Request::authorization).containsOnly(BASIC_ALICE);
  }

  @Test
  void sends_basic_auth_from_the_url() throws IOException {
    server = new FakeSchemaRegistryServer(BASIC_ALICE);
    String url = server.url().replace("http://", "http://alice:s3cret@");
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

    assertThat(client.register("things-value", V1)).isPositive();
    assertThat(client.describe()).doesNotContain("s3cret");
  }

  @Test
  void wrong_credentials_give_a_clear_401_error() throws IOException {
    server = new FakeSchemaRegistryServer(BASIC_ALICE);
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            List.of(server.url()),
            Map.of(
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice:wrong"));

    assertThatThrownBy(() -> client.register("things-value", V1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("Unauthorized")
        .hasMessageContaining("basic.auth.user.info")
        .extracting(e -> ((SchemaRegistryException) e).httpStatus())
        .isEqualTo(401);
  }

  @Test
  void user_info_source_without_user_info_is_a_config_error() {
    assertThatThrownBy(
            () -> new RestSchemaRegistryClient(
                List.of("http://127.0.0.1:1"), Map.of(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.user.info=user:password");
  }

  @Test
  void fails_over_to_the_next_url_when_one_is_unreachable() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    String dead = "http://127.0.0.1:" + freePortNobodyListensOn();
    SchemaRegistryClient client =
        SchemaRegistries.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, dead + "," + server.url()));

    assertThat(client).isInstanceOf(RestSchemaRegistryClient.class);
    assertThat(client.register("things-value", V1)).isPositive();
  }

  @Test
  void reports_all_urls_when_none_is_reachable() throws IOException {
    String dead = "http://127.0.0.1:" + freePortNobodyListensOn();
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(dead);

    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("could not reach schema registry " + dead);
  }

  @Test
  void serde_round_trip_through_the_rest_registry_with_auth() throws IOException {
    server = new FakeSchemaRegistryServer(BASIC_ALICE);
    Map<String, Object> config =
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
            AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
            AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice:s3cret");
    SpecificAvroSerde<Commit> producer = new SpecificAvroSerde<>(Commit.class);
    producer.configure(config, false);
    SpecificAvroSerde<Commit> consumer = new SpecificAvroSerde<>(Commit.class);
    consumer.configure(config, false);
    Commit commit = new Commit("c9", "payments", "repo", "bob", Instant.ofEpochMilli(1_760_000_000_000L));

    byte[] first = producer.serializer().serialize("devsecops.commits", commit);
    byte[] second = producer.serializer().serialize("devsecops.commits", commit);
    Commit back = consumer.deserializer().deserialize("devsecops.commits", first);
    consumer.deserializer().deserialize("devsecops.commits", second);

    assertThat(back).isEqualTo(commit);
    assertThat(WireFormat.schemaId(first)).isEqualTo(100);
    assertThat(count(server.requests(), "POST", "/subjects/devsecops.commits-value/versions")).isEqualTo(1);
    assertThat(count(server.requests(), "GET", "/schemas/ids/100")).isEqualTo(1);
  }

  @Test
  void an_unknown_id_from_the_rest_registry_fails_deserialization_clearly() throws IOException {
    server = new FakeSchemaRegistryServer(null);
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()), false);

    assertThatThrownBy(() -> deserializer.deserialize("t", WireFormat.frame(42, new byte[] {0})))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unknown schema id 42 in registry " + server.url());
  }

  private static int freePortNobodyListensOn() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
