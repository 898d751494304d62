package com.devsecopsmetrics.app;

import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The embedded stack on a real KRaft broker: load JSONL with the CLI, read it back over REST. */
class EmbeddedStackIT {
    @TempDir
    static Path dataDir;
    static EmbeddedStack stack;
    static int restPort;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        restPort = freePort();
        stack = new EmbeddedStack(dataDir, freePort(), restPort, Map.of()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String service(String id, String updatedAt) {
        return "{\"service_id\":\"" + id + "\",\"name\":\"" + id + "\",\"team\":\"core\",\"tier\":\"TIER_1\","
                + "\"repos\":[\"acme/" + id + "\"],\"internet_facing\":true,\"regulated\":false,"
                + "\"attestations\":[\"THREAT_MODEL\"],\"updated_at\":\"" + updatedAt + "\"}";
    }

    @Test
    void loadsTheGoodLinesReportsTheBadOnesAndServesTheCatalogue() throws Exception {
        Path file = dataDir.resolve("services.jsonl");
        Files.writeString(file, String.join("\n",
                service("it-checkout", "2026-01-01T00:00:00Z"),
                "{\"service_id\": \"broken\", ",
                service("it-bad-tier", "2026-01-01T00:00:00Z").replace("TIER_1", "TIER_9"),
                service("it-search", "2026-01-02T00:00:00Z")) + "\n");

        CliRunner.Result result = CliRunner.run("load", "--topic", "services", "--bootstrap-server", stack.bootstrapServers(), file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("2 sent, 2 rejected")
                .contains("line 2: malformed JSON")
                .contains("line 3: field 'tier': unknown value \"TIER_9\"");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode body = json.readTree(get("/api/v1/services").body());
            assertThat(body.path("services").findValuesAsText("service_id")).contains("it-checkout", "it-search")
                    .doesNotContain("broken", "it-bad-tier");
        });
        JsonNode one = json.readTree(get("/api/v1/services/it-search").body());
        assertThat(one.path("tier").asText()).isEqualTo("TIER_1");
        assertThat(one.path("updated_at").asText()).isEqualTo("2026-01-02T00:00:00Z");
    }

    @Test
    void aGeneratedOrganisationLoadsWithoutRejects() throws Exception {
        Path dir = dataDir.resolve("generated");
        CliRunner.Result generated = CliRunner.run("generate", "--services", "12", "--days", "30", "--seed", "5",
                "--end", "2026-06-30", "--out", dir.toString());
        assertThat(generated.exitCode()).isZero();
        for (String kind : List.of("services", "commits", "deployments", "incidents", "scan-results", "findings")) {
            CliRunner.Result loaded = CliRunner.run("load", "--topic", kind, "--bootstrap-server", stack.bootstrapServers(),
                    dir.resolve(kind + ".jsonl").toString());
            assertThat(loaded.exitCode()).as(kind).isZero();
            assertThat(loaded.out()).as(kind).contains(" 0 rejected").doesNotContain(" 0 sent");
        }
        Set<String> ids = new TreeSet<>();
        for (String line : Files.readAllLines(dir.resolve("services.jsonl"))) {
            ids.add(json.readTree(line).path("service_id").asText());
        }
        assertThat(ids).hasSize(12);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(json.readTree(get("/api/v1/services").body()).path("services").findValuesAsText("service_id"))
                        .containsAll(ids));
    }

    @Test
    void unknownServicesAndPathsAreJsonErrors() throws Exception {
        HttpResponse<String> missing = get("/api/v1/services/no-such-service");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).path("error").asText()).contains("unknown service 'no-such-service'");
        HttpResponse<String> noRoute = get("/api/v1/nothing-here");
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(json.readTree(noRoute.body()).has("error")).isTrue();
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicWithItsReasonAndIsCounted() throws Exception {
        byte[] unknownSchemaId = {0, 0x7f, 0, 0, 0x2a, 1, 2, 3};
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                Map.of("bootstrap.servers", stack.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.COMMITS, "svc-x", unknownSchemaId)).get();
        }
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(), "group.id", "it-dlq-reader", "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DLQ));
            List<String> reasons = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> reasons.add(
                        new String(r.headers().lastHeader("__streams.errors.message").value(), java.nio.charset.StandardCharsets.UTF_8)));
                return reasons.stream().anyMatch(m -> m.contains("2130706474") || m.contains("schema id"));
            });
        }
        JsonNode health = json.readTree(get("/health").body());
        assertThat(health.path("dead_letters").size()).isPositive();
    }

    @Test
    void healthReportsTheStreamsState() throws Exception {
        JsonNode health = json.readTree(get("/health").body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("streams_state").asText()).isIn("RUNNING", "REBALANCING");
    }

    @Test
    void aSecondStackOnTheSameDataDirSaysSoInsteadOfCrashing() {
        assertThatThrownBy(() -> new EmbeddedStack(dataDir, freePort(), freePort(), Map.of()).start())
                .isInstanceOf(EmbeddedStack.AlreadyRunning.class)
                .hasMessageContaining("already running");
    }

    @Test
    void aStartThatFailsAfterTheBrokerStartedStopsItAndFreesTheDataDir(@TempDir Path other) throws Exception {
        int kafkaPort = freePort();
        // The broker starts; then the application cannot create 0-partition topics.
        assertThatThrownBy(() -> new EmbeddedStack(other, kafkaPort, freePort(), Map.of(DsmConfig.TOPIC_PARTITIONS, "0")).start())
                .isNotInstanceOf(EmbeddedStack.AlreadyRunning.class);
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("0.0.0.0", kafkaPort)); // the broker's port is free again
        }
        try (var channel = java.nio.channels.FileChannel.open(other.resolve(".lock"), java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.tryLock()) {
            assertThat(lock).isNotNull(); // and so is the data dir
        }
    }

    @Test
    void loadingWithoutABrokerFailsClearly() throws Exception {
        Path file = dataDir.resolve("one.jsonl");
        Files.writeString(file, service("x", "2026-01-01T00:00:00Z") + "\n");
        CliRunner.Result result = CliRunner.run("load", "--topic", "services", "--bootstrap-server", "localhost:" + freePort(), file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("cannot reach Kafka").doesNotContain("Exception\n\tat");
    }
}
