package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceAnswers;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Generated history loaded with {@code dsm load} in adversarial order (deployments first, the catalogue last)
 * into two application instances on a real broker. Every answer, from either instance, must equal an
 * independent straightforward computation over the same JSONL ({@link ReferenceMetrics}).
 */
class DeliveryMetricsIT {
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);
    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static MetricsApplication second;
    static int restA;
    static int restB;
    static ReferenceMetrics reference;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void loadInAdversarialOrder() throws Exception {
        restA = freePort();
        restB = freePort();
        Map<String, String> twoInstances = Map.of(DsmConfig.NUM_STANDBY_REPLICAS, "1", DsmConfig.ROLLUP_INTERVAL_MS, "1000");
        stack = new EmbeddedStack(dir.resolve("a"), freePort(), restA, twoInstances).start();
        DsmConfig secondConfig = stack.config()
                .with(DsmConfig.REST_PORT, String.valueOf(restB))
                .with(DsmConfig.STATE_DIR, dir.resolve("b-state").toString());
        second = new MetricsApplication(secondConfig).start();

        Path data = dir.resolve("generated");
        assertThat(CliRunner.run("generate", "--services", "16", "--days", "60", "--seed", "11",
                "--end", LAST_DAY.toString(), "--out", data.toString()).exitCode()).isZero();
        for (String kind : List.of("deployments", "incidents", "findings", "scan-results", "commits", "services")) {
            Path file = data.resolve(kind + ".jsonl");
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            Collections.reverse(lines); // newest first inside each kind, too
            Path reversed = dir.resolve("reversed-" + kind + ".jsonl");
            Files.write(reversed, lines);
            CliRunner.Result loaded = CliRunner.run("load", "--topic", kind, "--bootstrap-server", stack.bootstrapServers(), reversed.toString());
            assertThat(loaded.out()).as(kind).contains(" 0 rejected");
        }
        reference = ReferenceMetrics.fromDirectory(data);
        try (Admin admin = Admin.create(stack.config().clientProperties())) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ConsumerLag.of(admin, stack.config().get(DsmConfig.APPLICATION_ID), Topics.INPUTS) == 0
                            && stack.app().streams().state() == KafkaStreams.State.RUNNING
                            && second.streams().state() == KafkaStreams.State.RUNNING);
        }
        // Org, team and tier roll-ups settle within rollup.interval.ms of the last change.
        LocalDate from = LAST_DAY.minusDays(59);
        LocalDate to = LAST_DAY.plusDays(1);
        // Every kind must have settled, not only the first loaded: compare a count from each.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode org = metrics(restA, "org", from, to);
            assertThat(org.path("dora").path("deployments").asLong()).isEqualTo(reference.dora("org", from, to).get("deployments"));
            assertThat(org.path("dora").path("lead_time_samples").asLong())
                    .isEqualTo(reference.dora("org", from, to).get("lead_time_samples"));
            assertThat(org.path("dora").path("incidents_resolved").asLong())
                    .isEqualTo(reference.dora("org", from, to).get("incidents_resolved"));
            assertThat(org.path("security").path("commits").asLong()).isEqualTo(reference.security("org", from, to).get("commits"));
            assertThat(org.path("debt_flow").path("intake").asLong()).isEqualTo(reference.debtFlow("org", from, to).get("intake"));
            assertThat(metrics(restA, "team:unassigned", from, to).path("dora").path("deployments").asLong()).isZero();
        });
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static JsonNode metrics(int port, String scope, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + to)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(scope + " " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void everyScopeFromEitherInstanceEqualsTheIndependentComputation() throws Exception {
        List<LocalDate[]> periods = List.of(
                new LocalDate[]{LAST_DAY.minusDays(59), LAST_DAY.plusDays(1)},
                new LocalDate[]{LAST_DAY.minusDays(13), LAST_DAY.plusDays(1)},
                new LocalDate[]{LAST_DAY.minusDays(40), LAST_DAY.minusDays(30)});
        int compared = 0;
        for (String scope : ReferenceAnswers.scopes(reference)) {
            for (LocalDate[] p : periods) {
                for (int port : new int[]{restA, restB}) {
                    JsonNode answer = metrics(port, scope, p[0], p[1]);
                    compared += ReferenceAnswers.comparePeriod(scope + " " + p[0] + ".." + p[1] + " @" + port, answer, reference,
                            scope, p[0], p[1]);
                }
            }
        }
        assertThat(compared).isGreaterThan(1000);
        assertThat(metrics(restA, "org", periods.get(0)[0], periods.get(0)[1]).path("dora").path("deployments").asLong()).isPositive();
    }

    /** Counts exactly; percentiles within the 1% the contract allows; sums and means to rounding. */
    @SuppressWarnings("unchecked")
    private static int compare(String what, JsonNode actual, Map<String, Object> expected) {
        return ReferenceAnswers.compare(what, actual, expected);
    }

    @Test
    void snapshotsOfEveryScopeEqualTheIndependentComputation() throws Exception {
        int compared = 0;
        for (String scope : ReferenceAnswers.scopes(reference)) {
            for (LocalDate date : List.of(LAST_DAY, LAST_DAY.minusDays(20), LAST_DAY.minusDays(45))) {
                for (int port : new int[]{restA, restB}) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/v1/snapshot?scope=" + scope + "&date=" + date)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(scope + " " + r.body()).isEqualTo(200);
                    compared += ReferenceAnswers.compareSnapshot(scope + " " + date + " @" + port, json.readTree(r.body()), reference,
                            scope, date);
                }
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void timeseriesPointsEqualThePeriodMetricOfEachBucket() throws Exception {
        LocalDate from = LAST_DAY.minusDays(55);
        LocalDate to = LAST_DAY.plusDays(1);
        for (String metric : List.of("deployments", "change_failure_rate", "lead_time_hours_p50", "intake")) {
            JsonNode points = weeklyPoints(restB, "tier:TIER_1", metric, from, to);
            for (JsonNode p : points) {
                LocalDate f = LocalDate.parse(p.path("from").asText());
                LocalDate t = LocalDate.parse(p.path("to").asText());
                Map<String, Object> expected = new java.util.HashMap<>(reference.dora("tier:TIER_1", f, t));
                expected.putAll(reference.debtFlow("tier:TIER_1", f, t));
                compare(metric + " " + f, json.createObjectNode().set(metric, p.path("value")), Map.of(metric, expectedOrNull(expected.get(metric))));
            }
        }
        // Snapshot figures: each point is the snapshot at the end of its bucket's last day.
        for (String metric : List.of("risk_index", "weighted_practice_coverage", "tier1_practice_coverage")) {
            JsonNode points = weeklyPoints(restA, "org", metric, from, to);
            for (JsonNode p : points) {
                LocalDate lastDay = LocalDate.parse(p.path("to").asText()).minusDays(1);
                Map<String, Object> snapshot = reference.snapshot("org", lastDay);
                @SuppressWarnings("unchecked")
                Map<String, Object> coverage = (Map<String, Object>) snapshot.get("coverage");
                @SuppressWarnings("unchecked")
                Map<String, Object> debt = (Map<String, Object>) snapshot.get("debt");
                @SuppressWarnings("unchecked")
                Object expected = switch (metric) {
                    case "risk_index" -> debt.get("risk_index");
                    case "weighted_practice_coverage" -> coverage.get("weighted_practice_coverage");
                    default -> ((Map<String, Object>) coverage.get("by_tier")).get("TIER_1");
                };
                compare(metric + " " + lastDay, json.createObjectNode().set(metric, p.path("value")), Map.of(metric, expectedOrNull(expected)));
            }
        }
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restA
                + "/api/v1/timeseries?scope=org&metric=nonsense&from=" + from + "&to=" + to)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).path("error").asText()).contains("unknown metric");
    }

    private static JsonNode weeklyPoints(int port, String scope, String metric, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/timeseries?scope=" + scope + "&metric=" + metric + "&step=week&from=" + from + "&to=" + to)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode points = json.readTree(r.body()).path("points");
        assertThat(points).hasSize(8);
        return points;
    }

    private static Object expectedOrNull(Object value) {
        return value == null ? java.util.Optional.empty() : value;
    }

    @Test
    void aServiceAnswersWithItsCatalogueEntryAndRecentFigures() throws Exception {
        String service = reference.services().iterator().next();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restB
                + "/api/v1/services/" + service)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("service_id").asText()).isEqualTo(service);
        assertThat(body.path("tier").asText()).isEqualTo(reference.tierOf(service));
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        // As of a date inside the data: the last 28 days are that date and the 27 before it.
        String busiest = reference.services().stream().max(java.util.Comparator.comparingLong(
                id -> (Long) reference.dora("service:" + id, LAST_DAY.minusDays(27), LAST_DAY.plusDays(1)).get("deployments"))).orElseThrow();
        JsonNode asOf = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restA
                + "/api/v1/services/" + busiest + "?date=" + LAST_DAY)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(asOf.path("last_28_days").path("dora").path("deployments").asLong()).isPositive();
        compare(busiest + " last_28_days dora", asOf.path("last_28_days").path("dora"),
                reference.dora("service:" + busiest, LAST_DAY.minusDays(27), LAST_DAY.plusDays(1)));
        compare(busiest + " last_28_days security", asOf.path("last_28_days").path("security"),
                reference.security("service:" + busiest, LAST_DAY.minusDays(27), LAST_DAY.plusDays(1)));
        @SuppressWarnings("unchecked")
        Map<String, Object> debtToday = (Map<String, Object>) reference.snapshot("service:" + service, today).get("debt");
        JsonNode current = body.path("current");
        assertThat(current.path("risk_index").asDouble()).isCloseTo((Double) debtToday.get("risk_index"), within(1e-9));
        long listed = 0;
        for (JsonNode severity : current.path("open_findings")) {
            listed += severity.size();
        }
        assertThat(listed).isEqualTo(debtToday.get("open_findings"));
        assertThat(current.path("practices_present").size() + current.path("practices_missing").size()).isEqualTo(8);
        assertThat(metrics(restA, "org", LAST_DAY, LAST_DAY.plusDays(1)).path("scope").asText()).isEqualTo("org");
        for (String[] bad : new String[][]{{"team:no-such-team", "404"}, {"service:no-such-service", "404"}, {"tier:TIER_7", "404"},
                {"planet:mars", "400"}}) {
            HttpResponse<String> e = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restA
                    + "/api/v1/metrics?scope=" + bad[0] + "&from=2026-01-01&to=2026-02-01")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(e.statusCode()).as(bad[0]).isEqualTo(Integer.parseInt(bad[1]));
            assertThat(json.readTree(e.body()).path("error").asText()).isNotBlank();
        }
        HttpResponse<String> inverted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restA
                + "/api/v1/metrics?scope=org&from=2026-02-01&to=2026-01-01")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inverted.statusCode()).isEqualTo(400);
        assertThat(inverted.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /**
     * The snapshot topic ends up with every service's figures for every completed day, equal to the independent
     * computation, although everything arrived in adversarial order (the catalogue last, newest first): the days
     * a late event changed are published again.
     */
    @Test
    @SuppressWarnings("unchecked")
    void publishedSnapshotsEqualTheIndependentComputation() throws Exception {
        var values = EventSerdes.from(stack.config()).valueSerde(com.devsecopsmetrics.outputs.ServiceSnapshotMetrics.class).deserializer();
        LocalDate lastComplete = LAST_DAY.minusDays(1); // stream time is within LAST_DAY
        List<LocalDate> dates = List.of(lastComplete, lastComplete.minusDays(20), lastComplete.minusDays(45));
        Map<String, com.devsecopsmetrics.outputs.ServiceSnapshotMetrics> latest = new java.util.HashMap<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(), "group.id", "it-snapshot-reader", "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.METRICS_SNAPSHOT));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    assertThat(r.key()).matches("[^|]+\\|\\d{4}-\\d{2}-\\d{2}");
                    latest.put(r.key(), values.deserialize(r.topic(), r.headers(), r.value()));
                });
                for (String service : reference.services()) {
                    for (LocalDate date : dates) {
                        var published = latest.get(service + "|" + date);
                        assertThat(published).as(service + " " + date + " published").isNotNull();
                        Map<String, Object> expected = reference.snapshot("service:" + service, date);
                        Map<String, Object> debt = (Map<String, Object>) expected.get("debt");
                        Map<String, Object> coverage = (Map<String, Object>) expected.get("coverage");
                        String what = service + " " + date;
                        assertThat(published.getRiskIndex()).as(what + " risk").isCloseTo((Double) debt.get("risk_index"), within(1e-9));
                        assertThat(published.getAcceptedRiskIndex()).as(what + " accepted")
                                .isCloseTo((Double) debt.get("accepted_risk_index"), within(1e-9));
                        assertThat(published.getOpenFindings()).as(what + " open").isEqualTo(debt.get("open_findings"));
                        List<String> practices = ((Map<String, List<String>>) coverage.get("service_practices"))
                                .getOrDefault(service, published.getPractices());
                        assertThat(published.getPractices()).as(what + " practices").isEqualTo(practices);
                        assertThat(published.getTier()).as(what + " tier").isEqualTo(reference.tierOf(service));
                    }
                }
            });
        }
    }

    @Test
    void dailyFiguresArePublishedForBiTools() throws Exception {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(), "group.id", "it-daily-reader", "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.METRICS_DAILY));
            List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
                return keys.size() > 100;
            });
            assertThat(keys).allMatch(k -> k.matches("[^|]+\\|\\d{4}-\\d{2}-\\d{2}"));
        }
    }
}
