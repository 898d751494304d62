package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import com.devsecopsmetrics.reference.ReferenceAnswers;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN §7 / issue 15 item 8: inputs produced with librdkafka's CRC32 partitioner (the catalogue and the findings)
 * and with random partitions (every other kind) give the answers Java's partitioner gives: every scope equals the
 * independent computation, no phantom service appears, and the daily topic names each service's own team.
 */
class ForeignPartitionerIT {
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);
    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static int rest;
    static ReferenceMetrics reference;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void produceThroughForeignPartitioners() throws Exception {
        rest = freePort();
        stack = new EmbeddedStack(dir.resolve("stack"), freePort(), rest, Map.of()).start();
        Path data = dir.resolve("generated");
        assertThat(CliRunner.run("generate", "--services", "12", "--days", "40", "--seed", "23", "--end", LAST_DAY.toString(),
                "--out", data.toString()).exitCode()).isZero();
        for (String kind : List.of("services", "deployments", "commits", "incidents", "scan-results", "findings")) {
            Class<?> partitioner = kind.equals("services") || kind.equals("findings") ? ForeignPartitioners.Crc32.class : ForeignPartitioners.Random.class;
            CliRunner.Result loaded = CliRunner.run("load", "--topic", kind, "--bootstrap-server", stack.bootstrapServers(),
                    "-D", "partitioner.class=" + partitioner.getName(), data.resolve(kind + ".jsonl").toString());
            assertThat(loaded.out()).as(kind + loaded.err()).contains(" 0 rejected");
        }
        reference = ReferenceMetrics.fromDirectory(data);
        try (Admin admin = Admin.create(stack.config().clientProperties())) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ConsumerLag.of(admin, stack.config().get(DsmConfig.APPLICATION_ID), Topics.INPUTS) == 0
                            && stack.app().streams().state() == KafkaStreams.State.RUNNING);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyScopeEqualsTheComputationOverTheSameEvents() throws Exception {
        LocalDate from = LAST_DAY.minusDays(39);
        LocalDate to = LAST_DAY.plusDays(1);
        List<String> scopes = ReferenceAnswers.scopes(reference);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int compared = 0;
            for (String scope : scopes) {
                JsonNode answer = get("/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + to);
                compared += ReferenceAnswers.comparePeriod(scope, answer, reference, scope, from, to);
            }
            assertThat(compared).isGreaterThan(300);
            assertThat(get("/api/v1/metrics?scope=team:unassigned&from=" + from + "&to=" + to).path("dora").path("deployments").asLong())
                    .as("no service counted without its catalogue entry").isZero();
        });
        assertThat(get("/api/v1/services").path("count").asInt()).isEqualTo(reference.services().size());
    }

    @Test
    void theDailyTopicNamesEachServicesOwnTeam() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "foreign-partitioner-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var values = EventSerdes.from(stack.config()).valueSerde(ServiceDailyMetrics.class).deserializer();
        Map<String, String> latestTeam = new HashMap<>();
        try (KafkaConsumer<String, ServiceDailyMetrics> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(Topics.METRICS_DAILY));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> latestTeam.put(r.value().getServiceId(), r.value().getTeam()));
            }
        }
        assertThat(latestTeam.keySet()).containsExactlyInAnyOrderElementsOf(reference.services());
        latestTeam.forEach((service, team) -> assertThat(team).as(service).isEqualTo(reference.teamOf(service)));
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rest + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return ContractJson.mapper().readTree(r.body());
    }
}
