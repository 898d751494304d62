package com.devsecopsmetrics.app;

import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST API's edges on the real stack: dates outside the years 1 to 9999 and as-of dates after today are 400 on
 * every route that takes one, the monthly report answers for an empty and a one-service catalogue, and the health
 * probes follow the Kafka Streams state, up to a stop nobody asked for.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestEdgesIT {
    @TempDir
    static Path dataDir;
    static EmbeddedStack stack;
    static int restPort;
    static final ObjectMapper json = new ObjectMapper();
    static final List<String> OUT_OF_RANGE_DATES = List.of("+999999999-12-31", "-0001-01-01", "0000-06-30", "+10000-01-01", "10000-01-01");
    static final List<String> OUT_OF_RANGE_MONTHS = List.of("+999999999-12", "-0001-01", "0000-12", "+10000-01", "10000-01");

    @BeforeAll
    static void start() throws Exception {
        restPort = freePort();
        stack = new EmbeddedStack(dataDir, freePort(), restPort, Map.of(DsmConfig.TOPIC_PARTITIONS, "2")).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> LocalRest.status(restPort, "/health/ready") == 200);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return LocalRest.get(restPort, pathAndQuery);
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The answer is a 400 with the JSON error body, and its message says what is wrong. */
    static void assertBadRequest(String pathAndQuery, String reason) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertThat(r.statusCode()).as(pathAndQuery + " -> " + r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("error").asText()).as(pathAndQuery).contains(reason);
    }

    @Test
    @Order(1)
    void everyDateOutsideTheYears1To9999IsABadRequestOnEveryRoute() throws Exception {
        for (String date : OUT_OF_RANGE_DATES) {
            String d = q(date);
            String reason = date.startsWith("10000") ? "is not a date YYYY-MM-DD" : "outside the years 1 to 9999";
            assertBadRequest("/api/v1/metrics?scope=org&from=" + d + "&to=2026-01-01", reason);
            assertBadRequest("/api/v1/metrics?scope=org&from=2026-01-01&to=" + d, reason);
            assertBadRequest("/api/v1/snapshot?scope=org&date=" + d, reason);
            assertBadRequest("/api/v1/timeseries?scope=org&metric=deployments&from=2026-01-01&to=" + d, reason);
            assertBadRequest("/api/v1/timeseries?scope=org&metric=risk_index&from=" + d + "&to=2026-01-01", reason);
            assertBadRequest("/api/v1/services/edge-svc?date=" + d, reason);
        }
        for (String month : OUT_OF_RANGE_MONTHS) {
            String reason = month.startsWith("10000") ? "is not a month YYYY-MM" : "outside the years 1 to 9999";
            assertBadRequest("/api/v1/report?month=" + q(month), reason);
            assertBadRequest("/api/v1/report?month=" + q(month) + "&format=md", reason);
        }
    }

    @Test
    @Order(2)
    void theFirstAndLastDatesOfTheRangeAreAnswered() throws Exception {
        HttpResponse<String> all = get("/api/v1/metrics?scope=org&from=0001-01-01&to=9999-12-31");
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(json.readTree(all.body()).path("dora").path("deployments").asLong()).isZero();
        HttpResponse<String> first = get("/api/v1/snapshot?scope=org&date=0001-01-01");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json.readTree(first.body()).path("date").asText()).isEqualTo("0001-01-01");
    }

    @Test
    @Order(3)
    void anAsOfDateAfterTodayIsABadRequestNotTodaysState() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(get("/api/v1/snapshot?scope=org&date=" + today).statusCode()).isEqualTo(200);
        assertBadRequest("/api/v1/snapshot?scope=org&date=" + today.plusDays(1), "is in the future");
        assertBadRequest("/api/v1/snapshot?scope=org&date=2030-01-01", "is in the future");
        assertBadRequest("/api/v1/services/edge-svc?date=" + today.plusDays(1), "is in the future");
        assertBadRequest("/api/v1/report?month=" + java.time.YearMonth.now(ZoneOffset.UTC).plusMonths(2), "is in the future");
    }

    @Test
    @Order(4)
    void theReportAnswersForAnEmptyCatalogueAndForOneTier1Service() throws Exception {
        String month = LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7);
        assertReport(month);
        assertReport("0001-01");
        Path file = dataDir.resolve("services.jsonl");
        Files.writeString(file, "{\"service_id\":\"edge-svc\",\"name\":\"edge\",\"team\":\"core\",\"tier\":\"TIER_1\","
                + "\"repos\":[\"acme/edge\"],\"internet_facing\":true,\"regulated\":false,\"attestations\":[],"
                + "\"updated_at\":\"2026-01-01T00:00:00Z\"}\n");
        assertThat(CliRunner.run("load", "--topic", "services", "--bootstrap-server", stack.bootstrapServers(), file.toString())
                .exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/v1/services").body().contains("edge-svc"));
        assertReport(month);
        assertThat(get("/api/v1/services/edge-svc?date=" + LocalDate.now(ZoneOffset.UTC)).statusCode()).isEqualTo(200);
    }

    private static void assertReport(String month) throws Exception {
        HttpResponse<String> report = get("/api/v1/report?month=" + month);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(json.readTree(report.body()).path("patterns").size()).isEqualTo(9);
        HttpResponse<String> md = get("/api/v1/report?month=" + month + "&format=md");
        assertThat(md.statusCode()).as(md.body()).isEqualTo(200);
        assertThat(md.body()).startsWith("# DevSecOps report:");
    }

    @Test
    @Order(5)
    void theProbesAreUpAndListedWhileStreamsRuns() throws Exception {
        assertProbes(200, "UP", "RUNNING");
        List<String> endpoints = json.readerForListOf(String.class).readValue(json.readTree(get("/api/v1").body()).path("endpoints"));
        assertThat(endpoints).contains("GET /health", "GET /health/live", "GET /health/ready");
    }

    @Test
    @Order(6)
    void liveAndReadyFailOnceStreamsStopsUnasked() throws Exception {
        stack.app().streams().close(Duration.ofSeconds(30)); // Kafka Streams stops while the REST server stays up
        assertProbes(503, "DOWN", "NOT_RUNNING");
    }

    private static void assertProbes(int status, String upOrDown, String streamsState) throws Exception {
        for (String probe : List.of("/health", "/health/live", "/health/ready")) {
            HttpResponse<String> r = get(probe);
            assertThat(r.statusCode()).as(probe).isEqualTo(status);
            JsonNode body = json.readTree(r.body());
            assertThat(body.path("status").asText()).as(probe).isEqualTo(upOrDown);
            assertThat(body.path("streams_state").asText()).as(probe).isEqualTo(streamsState);
        }
    }
}
