package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.DeadLetters;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceAnswers;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN §7 on the real broker: every class of crafted record of issue 15, produced straight to the input topics in
 * the middle of a valid organisation's history, lands in {@code devsecops.dlq} with its reason and a timestamp the
 * broker accepts; the application stays RUNNING; a valid event that arrives after them counts; and every figure of
 * the valid records equals the independent computation.
 */
class HostileInputIT {
    private static final Instant NOW = Instant.now();
    private static final LocalDate LAST_DAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(1);
    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static int rest;
    static ReferenceMetrics reference;
    static List<HostileRecords.Hostile> hostile;
    static List<ConsumerRecord<byte[], byte[]>> deadLetters;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void produceHostileRecordsAmidValidOnes() throws Exception {
        rest = freePort();
        stack = new EmbeddedStack(dir.resolve("stack"), freePort(), rest, Map.of()).start();
        Path data = dir.resolve("generated");
        assertThat(CliRunner.run("generate", "--services", "8", "--days", "30", "--seed", "5", "--end", LAST_DAY.toString(),
                "--out", data.toString()).exitCode()).isZero();
        for (String kind : List.of("services", "commits", "scan-results", "findings", "incidents")) {
            load(kind, data.resolve(kind + ".jsonl"));
        }
        EventSerdes serdes = EventSerdes.from(stack.config());
        HostileRecords crafted = new HostileRecords(serdes.eventSerde().serializer(), serdes.registryConfig(), NOW,
                LAST_DAY.atStartOfDay().toInstant(ZoneOffset.UTC));
        hostile = new ArrayList<>(crafted.all());
        produce(hostile);
        awaitNoLag();
        // Only now has every partition seen the newest events, which the retention horizon counts back from.
        HostileRecords.Hostile expired = crafted.expired(firstService(data));
        hostile.add(expired);
        produce(List.of(expired));
        // The deployments come after the crafted records; one of them is dated a minute ago, after the one from 2031.
        String live = ContractJson.toJson(HostileRecords.deployment(firstService(data), "live-after-hostile", NOW.minusSeconds(60)).build());
        Files.writeString(data.resolve("deployments.jsonl"), live + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        load("deployments", data.resolve("deployments.jsonl"));
        produceConflictingDuplicates(data, serdes);
        reference = ReferenceMetrics.fromDirectory(data);
        awaitNoLag();
        deadLetters = readDeadLetters(hostile.size());
    }

    /**
     * Not contract violations, so not dead letters: the same deployment again, and the same id with other content and
     * an older time (DESIGN §3: the newer event time wins). Neither may change a figure the reference computes from
     * the files, which hold neither.
     */
    private static void produceConflictingDuplicates(Path data, EventSerdes serdes) throws Exception {
        String first = Files.readAllLines(data.resolve("deployments.jsonl")).get(0);
        var original = (com.devsecopsmetrics.events.Deployment) ContractJson.fromJson(com.devsecopsmetrics.ingest.EventKind.DEPLOYMENTS, first);
        var conflicting = com.devsecopsmetrics.events.Deployment.newBuilder(original)
                .setDeployedAt(original.getDeployedAt().minusSeconds(86_400))
                .setStatus(com.devsecopsmetrics.events.DeploymentStatus.FAILED).setIsHotfix(true).build();
        try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
            for (var d : List.of(original, conflicting)) {
                producer.send(new ProducerRecord<>(Topics.DEPLOYMENTS, d.getServiceId().getBytes(StandardCharsets.UTF_8),
                        serdes.eventSerde().serializer().serialize(Topics.DEPLOYMENTS, d))).get();
            }
        }
    }

    private static void produce(List<HostileRecords.Hostile> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
            for (HostileRecords.Hostile h : records) {
                producer.send(new ProducerRecord<>(h.topic(), h.key(), h.value())).get();
            }
        }
    }

    private static void awaitNoLag() {
        try (Admin admin = Admin.create(stack.config().clientProperties())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ConsumerLag.of(admin, stack.config().get(DsmConfig.APPLICATION_ID), Topics.INPUTS) == 0);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void atLeastTwentyClassesOfCraftedRecordsEachReachTheDeadLetterTopicWithItsReason() {
        assertThat(hostile).hasSizeGreaterThanOrEqualTo(20);
        List<String> reasons = deadLetters.stream().map(r -> header(r, "__streams.errors.message")).toList();
        for (HostileRecords.Hostile h : hostile) {
            assertThat(deadLetters).as(h.name() + " in the dead-letter topic, reasons: " + reasons)
                    .anySatisfy(r -> {
                        assertThat(r.topic()).isEqualTo(Topics.DLQ);
                        assertThat(header(r, "__streams.errors.topic")).isEqualTo(h.topic());
                        assertThat(r.key()).isEqualTo(h.key());
                        if (h.value() != null && h.value().length > DeadLetters.MAX_COPIED_BYTES) {
                            // too large to copy whole: left out, and the letter says so, so it can always be sent
                            assertThat(r.value()).isNull();
                            assertThat(header(r, "dsm.errors.dropped")).isEqualTo("value:" + h.value().length);
                        } else {
                            assertThat(r.value()).isEqualTo(h.value());
                        }
                        assertThat(header(r, "__streams.errors.message")).contains(h.reason());
                    });
        }
        assertThat(deadLetters).hasSize(hostile.size());
    }

    @Test
    void deadLettersCarryTheTimeTheyWereWrittenAtNotTheRecordsOwn() {
        long written = System.currentTimeMillis();
        assertThat(deadLetters).allSatisfy(r -> assertThat(r.timestamp()).isBetween(NOW.toEpochMilli() - 1000, written));
    }

    @Test
    void theApplicationStaysRunningAndTheValidFiguresAreExact() throws Exception {
        assertThat(stack.app().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        LocalDate from = LAST_DAY.minusDays(29);
        LocalDate to = LAST_DAY.plusDays(2); // through today: the live deployment counts
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String scope : List.of("org", "tier:TIER_1", "tier:TIER_2", "tier:TIER_3")) {
                JsonNode answer = get("/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + to);
                ReferenceAnswers.comparePeriod(scope, answer, reference, scope, from, to);
            }
        });
        JsonNode services = get("/api/v1/services");
        assertThat(services.toString()).doesNotContain("hostile");
        HttpResponse<String> phantom = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rest
                + "/api/v1/metrics?scope=service:hostile-future&from=" + from + "&to=" + to)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(phantom.statusCode()).isEqualTo(404);
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rest + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return ContractJson.mapper().readTree(r.body());
    }

    private static void load(String kind, Path file) {
        CliRunner.Result loaded = CliRunner.run("load", "--topic", kind, "--bootstrap-server", stack.bootstrapServers(), file.toString());
        assertThat(loaded.out()).as(kind + ": " + loaded.out() + loaded.err()).contains(" 0 rejected");
    }

    private static String firstService(Path data) throws Exception {
        String line = Files.readAllLines(data.resolve("services.jsonl")).get(0);
        return ContractJson.mapper().readTree(line).path("service_id").asText();
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_040_000);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-input-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DLQ));
            long deadline = System.currentTimeMillis() + 60_000;
            while (letters.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
            consumer.poll(Duration.ofSeconds(2)).forEach(letters::add); // and nothing more
        }
        return letters;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
