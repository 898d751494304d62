package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.outputs.Alert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Alerts, the monthly report and the Prometheus scrape on a real broker: a generated organisation ending today,
 * plus one team whose service starts bypassing its gate a week ago. The alert must reach devsecops.alerts once and
 * GET /api/v1/alerts with the API's own figures; the report's sentences must carry the metric API's numbers; the
 * scrape must expose the same headline figures, the open alert, dead letters and the Kafka Streams metrics.
 */
class AlertsReportPrometheusIT {
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final String SPIKE_TEAM = "team:spike-team";
    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static MetricsApplication second;
    static int rest;
    static int restB;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void load() throws Exception {
        rest = freePort();
        restB = freePort();
        stack = new EmbeddedStack(dir.resolve("stack"), freePort(), rest, Map.of(DsmConfig.TOPIC_PARTITIONS, "3",
                DsmConfig.ROLLUP_INTERVAL_MS, "500", com.devsecopsmetrics.config.AlertSettings.REFRESH_MS, "2000")).start();
        // A second instance, so answers gather partitions from both and the alerts come from whichever holds them.
        second = new MetricsApplication(stack.config().with(DsmConfig.REST_PORT, String.valueOf(restB))
                .with(DsmConfig.STATE_DIR, dir.resolve("b-state").toString())).start();
        Path data = dir.resolve("generated");
        // History ends yesterday: the broker refuses records more than an hour in the future (Kafka 4's
        // log.message.timestamp.after.max.ms), and a generated day runs to its midnight.
        assertThat(CliRunner.run("generate", "--services", "12", "--days", "75", "--seed", "23", "--end", TODAY.minusDays(1).toString(),
                "--out", data.toString()).exitCode()).isZero();
        appendSpike(data);
        for (String kind : List.of("services", "commits", "deployments", "incidents", "scan-results", "findings")) {
            CliRunner.Result loaded = CliRunner.run("load", "--topic", kind, "--bootstrap-server", stack.bootstrapServers(),
                    data.resolve(kind + ".jsonl").toString());
            assertThat(loaded.out()).as(kind).contains(" 0 rejected");
        }
        try (Admin admin = Admin.create(stack.config().clientProperties())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ConsumerLag.of(admin, stack.config().get(DsmConfig.APPLICATION_ID), Topics.INPUTS) == 0
                            && stack.app().streams().state() == KafkaStreams.State.RUNNING
                            && second.streams().state() == KafkaStreams.State.RUNNING);
        }
    }

    /**
     * Service it-spike in its own team: a passing production deployment every day for 45 days up to yesterday, and
     * from 9 days ago to 3 days ago a bypassed one besides. Its baseline rate is 0, so three bypasses in a week open
     * the team's GATE_BYPASS_RATE_RISING, which stays open through the last completed day (two days ago).
     */
    static void appendSpike(Path data) throws Exception {
        Files.writeString(data.resolve("services.jsonl"), "{\"service_id\":\"it-spike\",\"name\":\"it-spike\",\"team\":\"spike-team\","
                + "\"tier\":\"TIER_2\",\"repos\":[\"acme/it-spike\"],\"internet_facing\":false,\"regulated\":false,\"attestations\":[],"
                + "\"updated_at\":\"" + TODAY.minusDays(45) + "T00:00:00Z\"}\n", StandardOpenOption.APPEND);
        StringBuilder lines = new StringBuilder();
        for (int back = 45; back >= 1; back--) {
            lines.append(deployment("pass-" + back, TODAY.minusDays(back), "PASSED"));
            if (back >= 3 && back <= 9) {
                lines.append(deployment("bypass-" + back, TODAY.minusDays(back), "BYPASSED"));
            }
        }
        Files.writeString(data.resolve("deployments.jsonl"), lines.toString(), StandardOpenOption.APPEND);
    }

    static String deployment(String id, LocalDate day, String gate) {
        return "{\"deployment_id\":\"it-spike-" + id + "\",\"service_id\":\"it-spike\",\"environment\":\"production\","
                + "\"status\":\"SUCCEEDED\",\"deployed_at\":\"" + day + "T00:30:00Z\",\"commit_ids\":[],\"is_hotfix\":false,"
                + "\"security_gate\":\"" + gate + "\",\"evidence\":[\"SBOM\",\"SCAN_REPORT\"]}\n";
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

    static HttpResponse<String> get(String path) throws Exception {
        return get(rest, path);
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    static JsonNode metrics(String scope, Object from, Object to) throws Exception {
        return getJson("/api/v1/metrics?scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8) + "&from=" + from + "&to=" + to);
    }

    static JsonNode snapshot(String scope, LocalDate date) throws Exception {
        return getJson("/api/v1/snapshot?scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8) + "&date=" + date);
    }

    static JsonNode openSpikeAlert() throws Exception {
        JsonNode alerts = getJson("/api/v1/alerts?status=OPEN&scope=" + SPIKE_TEAM).path("alerts");
        for (JsonNode a : alerts) {
            if (a.path("type").asText().equals("GATE_BYPASS_RATE_RISING")) {
                return a;
            }
        }
        return null;
    }

    @Test
    void theBypassSpikeOpensOneAlertOnTheTopicAndAtTheApiWithTheApisFigures() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> openSpikeAlert() != null);
        JsonNode alert = openSpikeAlert();
        assertThat(json.readTree(get(restB, "/api/v1/alerts").body())).isEqualTo(getJson("/api/v1/alerts"));
        assertThat(alert.path("id").asText()).startsWith("GATE_BYPASS_RATE_RISING|" + SPIKE_TEAM + "|");
        assertThat(alert.path("opened_at").asText()).endsWith("T00:00:00Z");
        JsonNode evidence = alert.path("evidence");
        JsonNode api = metrics(SPIKE_TEAM, evidence.path("from").asText(), evidence.path("to").asText()).path("security");
        assertThat(evidence.path("gate_bypasses").asLong()).isEqualTo(api.path("gate_bypasses").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(evidence.path("gate_bypass_rate").asDouble()).isCloseTo(api.path("gate_bypass_rate").asDouble(), within(1e-12));
        JsonNode baseline = metrics(SPIKE_TEAM, evidence.path("baseline_from").asText(), evidence.path("baseline_to").asText()).path("security");
        assertThat(evidence.path("baseline_gate_bypass_rate").asDouble()).isCloseTo(baseline.path("gate_bypass_rate").asDouble(), within(1e-12));
        assertThat(evidence.path("baseline_gate_bypasses").asLong()).isEqualTo(baseline.path("gate_bypasses").asLong());
        assertThat(evidence.path("gate_bypass_rate").asDouble())
                .isGreaterThanOrEqualTo(2 * evidence.path("baseline_gate_bypass_rate").asDouble());

        Map<String, Object> consumerConfig = new HashMap<>(stack.config().asMap());
        consumerConfig.putAll(Map.of("bootstrap.servers", stack.bootstrapServers(), "group.id", "it-alert-reader",
                "auto.offset.reset", "earliest", "isolation.level", "read_committed"));
        var serde = EventSerdes.from(stack.config()).valueSerde(Alert.class);
        List<Alert> published = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    assertThat(r.key()).isEqualTo(r.value().getScope());
                    published.add(r.value());
                });
                return published.stream().anyMatch(a -> a.getId().equals(alert.path("id").asText()));
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> published.add(r.value()));
        }
        assertThat(published).filteredOn(a -> a.getId().equals(alert.path("id").asText()))
                .extracting(a -> a.getStatus().name()).containsExactly("OPEN");
        // No alert is published twice with the same status.
        assertThat(published.stream().map(a -> a.getId() + "/" + a.getStatus()).toList()).doesNotHaveDuplicates();
    }

    @Test
    void theReportsSentencesCarryTheMetricApisNumbers() throws Exception {
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        LocalDate prevFrom = month.minusMonths(1).atDay(1);
        LocalDate end = month.atEndOfMonth();
        LocalDate prevEnd = month.minusMonths(1).atEndOfMonth();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics("org", from, to).path("dora").path("deployments").asLong())
                .isEqualTo(metrics("org", from, to).path("dora").path("deployments").asLong()).isPositive());
        JsonNode report = getJson("/api/v1/report?month=" + month);
        assertThat(json.readTree(get(restB, "/api/v1/report?month=" + month).body())).isEqualTo(report);
        assertThat(report.path("month").asText()).isEqualTo(month.toString());
        assertThat(report.path("manager").size()).isEqualTo(7);
        assertThat(report.path("patterns")).hasSize(9).allSatisfy(p -> {
            assertThat(p.path("verdict").asText()).isIn("GOOD", "BAD", "NEUTRAL");
            assertThat(p.path("evidence").asText()).isNotBlank().doesNotContain("NaN");
        });
        assertThat(report.path("dora_for_security")).hasSize(4);
        List<String> points = new ArrayList<>();
        report.path("talking_points").forEach(p -> points.add(p.asText()));
        assertThat(points).hasSizeGreaterThanOrEqualTo(4);

        JsonNode org = metrics("org", from, to);
        JsonNode orgBefore = metrics("org", prevFrom, from);
        JsonNode tier1 = metrics("tier:TIER_1", from, to);
        JsonNode tier1Before = metrics("tier:TIER_1", prevFrom, from);
        JsonNode snap = snapshot("org", end);
        JsonNode snapBefore = snapshot("org", prevEnd);
        // The talking point's customer-facing services are the internet-facing ones: the exposure:internet scope.
        JsonNode exposedSnap = snapshot("exposure:internet", end);
        JsonNode exposedSnapBefore = snapshot("exposure:internet", prevEnd);

        String evidence = find(points, "Security evidence is now attached to");
        Matcher e = match(evidence, "attached to (\\S+)% of tier-1 releases in .* \\((\\S+)% in ");
        percent(e.group(1), tier1.path("security").path("release_evidence_rate"));
        percent(e.group(2), tier1Before.path("security").path("release_evidence_rate"));

        String age = find(points, "exploitable critical/high finding");
        JsonNode ageNow = exposedSnap.path("debt").path("exploitable_critical_high_age_days_p50");
        JsonNode ageBefore = exposedSnapBefore.path("debt").path("exploitable_critical_high_age_days_p50");
        if (age.startsWith("No exploitable critical/high finding was open")) {
            assertThat(ageNow.isNull() && ageBefore.isNull()).as(age).isTrue();
        } else if (age.contains("any more")) {
            assertThat(ageNow.isNull()).as(age).isTrue();
            one(match(age, "the median age was (\\S+) days").group(1), ageBefore);
        } else if (age.contains("none was open a month earlier")) {
            assertThat(ageBefore.isNull()).as(age).isTrue();
            one(match(age, "services is (\\S+) days").group(1), ageNow);
        } else {
            Matcher a = match(age, "from (\\S+) days to (\\S+) days");
            one(a.group(1), ageBefore);
            one(a.group(2), ageNow);
        }

        String coverage = find(points, "Weighted practice coverage moved from");
        Matcher c = match(coverage, "moved from (\\S+)% to (\\S+)% \\(flat: (\\S+)% to (\\S+)%\\); by tier, tier-1 (\\S+)% to (\\S+)%, "
                + "tier-2 (\\S+)% to (\\S+)%, tier-3 (\\S+)% to (\\S+)%, so ");
        percent(c.group(1), snapBefore.path("coverage").path("weighted_practice_coverage"));
        percent(c.group(2), snap.path("coverage").path("weighted_practice_coverage"));
        percent(c.group(3), snapBefore.path("coverage").path("flat_practice_coverage"));
        percent(c.group(4), snap.path("coverage").path("flat_practice_coverage"));
        for (int t = 1; t <= 3; t++) {
            percent(c.group(3 + 2 * t), snapBefore.path("coverage").path("by_tier").path("TIER_" + t));
            percent(c.group(4 + 2 * t), snap.path("coverage").path("by_tier").path("TIER_" + t));
        }

        String flow = find(points, "deployment frequency");
        Matcher f = match(flow, ": (\\d+) findings fixed against (\\d+) new \\(fix-to-intake ratio (\\S+), (\\S+) in .*\\), exploitable findings "
                + "fixed in (\\S+) days at the median \\((\\S+) before\\), while deployments went from (\\S+) to (\\S+) a day\\.");
        assertThat(Long.parseLong(f.group(1))).isEqualTo(org.path("debt_flow").path("fixed").asLong());
        assertThat(Long.parseLong(f.group(2))).isEqualTo(org.path("debt_flow").path("intake").asLong());
        two(f.group(3), org.path("debt_flow").path("fix_to_intake_ratio"));
        two(f.group(4), orgBefore.path("debt_flow").path("fix_to_intake_ratio"));
        one(f.group(5), org.path("security").path("exploitable_remediation_days_p50"));
        one(f.group(6), orgBefore.path("security").path("exploitable_remediation_days_p50"));
        two(f.group(7), orgBefore.path("dora").path("deployments_per_day"));
        two(f.group(8), org.path("dora").path("deployments_per_day"));

        String gates = find(points, "Gate bypasses:");
        Matcher g = match(gates, "Gate bypasses: (\\d+) in .* \\(rate (\\S+)%\\) against (\\d+) in .* \\(rate (\\S+)%\\); .* after (\\S+) hours");
        assertThat(Long.parseLong(g.group(1))).isEqualTo(org.path("security").path("gate_bypasses").asLong());
        percent(g.group(2), org.path("security").path("gate_bypass_rate"));
        assertThat(Long.parseLong(g.group(3))).isEqualTo(orgBefore.path("security").path("gate_bypasses").asLong());
        percent(g.group(4), orgBefore.path("security").path("gate_bypass_rate"));
        one(g.group(5), org.path("security").path("gate_bypass_resolution_hours_mean"));

        String risk = find(points, "The weighted risk index");
        Matcher r = match(risk, "went from (\\S+) to (\\S+) between");
        one(r.group(1), snapBefore.path("debt").path("risk_index"));
        one(r.group(2), snap.path("debt").path("risk_index"));

        HttpResponse<String> md = get("/api/v1/report?month=" + month + "&format=md");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("content-type").orElse("")).startsWith("text/markdown");
        assertThat(md.body()).startsWith("# DevSecOps report: ").contains("## Reading the metrics together").contains(risk);
        assertThat(get("/api/v1/report?month=2026-13").statusCode()).isEqualTo(400);

        // A month without data: every verdict NEUTRAL, every sentence says what is missing instead of a number.
        JsonNode empty = getJson("/api/v1/report?month=2020-01");
        assertThat(empty.path("patterns")).allSatisfy(p -> assertThat(p.path("verdict").asText()).isEqualTo("NEUTRAL"));
        assertThat(empty.path("talking_points").get(0).asText()).startsWith("No tier-1 release was deployed in January 2020");
        assertThat(empty.toString()).doesNotContain("NaN");
    }

    @Test
    void aTeamsReportHasTheTeamScopesFiguresBesideTheOrganisations() throws Exception {
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        String team = "team:" + getJson("/api/v1/services").path("services").get(0).path("team").asText();
        JsonNode report = getJson("/api/v1/report?month=" + month + "&scope=" + team);
        TeamReportFigures.check(report, team,
                new JsonNode[]{metrics(team, month.atDay(1), month.plusMonths(1).atDay(1)), metrics(team, month.minusMonths(1).atDay(1), month.atDay(1))},
                new JsonNode[]{snapshot(team, month.atEndOfMonth()), snapshot(team, month.minusMonths(1).atEndOfMonth())},
                snapshot("org", month.atEndOfMonth()));
        assertThat(get("/api/v1/report?month=" + month + "&scope=" + team + "&format=md").body()).contains("(" + team + ")");
        assertThat(get("/api/v1/report?month=" + month + "&scope=tier:TIER_1").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/report?month=" + month + "&scope=team:no-such-team").statusCode()).isEqualTo(404);
    }

    @Test
    void theScrapeHasTheHeadlineFiguresTheOpenAlertDeadLettersAndStreamsMetrics() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> openSpikeAlert() != null);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                Map.of("bootstrap.servers", stack.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.COMMITS, "svc-x", new byte[]{9, 9, 9})).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/metrics").body().contains("dsm_dead_letters_total{"));
        HttpResponse<String> scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        String text = scrape.body();
        LocalDate from = TODAY.minusDays(27);
        LocalDate to = TODAY.plusDays(1);
        JsonNode org = metrics("org", from, to);
        assertThat(sample(text, "dsm_deployments_per_day", "scope=\"org\""))
                .isCloseTo(org.path("dora").path("deployments_per_day").asDouble(), within(1e-9));
        JsonNode spike = metrics(SPIKE_TEAM, from, to);
        assertThat(sample(text, "dsm_gate_bypass_rate", "scope=\"" + SPIKE_TEAM + "\""))
                .isCloseTo(spike.path("security").path("gate_bypass_rate").asDouble(), within(1e-9));
        assertThat(sample(text, "dsm_risk_index", "scope=\"tier:TIER_1\""))
                .isCloseTo(snapshot("tier:TIER_1", TODAY).path("debt").path("risk_index").asDouble(), within(1e-6));
        assertThat(sample(text, "dsm_alerts_open", "scope=\"" + SPIKE_TEAM + "\",type=\"GATE_BYPASS_RATE_RISING\"")).isEqualTo(1.0);
        assertThat(text).contains("dsm_expired_events_total").contains("kafka_stream_");
        assertThat(text.lines().filter(l -> l.startsWith("dsm_") && l.contains("scope=\"service:"))).isEmpty();
    }

    static double sample(String exposition, String name, String labels) {
        return exposition.lines().filter(l -> l.startsWith(name + "{") && l.contains(labels)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + name + "{" + labels + "} in\n" + exposition));
    }

    static String find(List<String> points, String part) {
        return points.stream().filter(p -> p.contains(part)).findFirst()
                .orElseThrow(() -> new AssertionError("no talking point with '" + part + "' in " + points));
    }

    static Matcher match(String sentence, String regex) {
        Matcher m = Pattern.compile(regex).matcher(sentence);
        assertThat(m.find()).as(sentence + " ~ " + regex).isTrue();
        return m;
    }

    /** A sentence's "87.3" against the API's 0.87291: equal to the rounding shown; "n/a" only where the API has null. */
    static void percent(String shown, JsonNode api) {
        scaled(shown, api, 100, 0.05);
    }

    static void one(String shown, JsonNode api) {
        scaled(shown, api, 1, 0.05);
    }

    static void two(String shown, JsonNode api) {
        scaled(shown, api, 1, 0.005);
    }

    static void scaled(String shown, JsonNode api, double scale, double halfUnit) {
        if (shown.equals("n/a")) {
            assertThat(api.isNull() || api.isMissingNode()).as("n/a shown, API has " + api).isTrue();
            return;
        }
        assertThat(api.isNumber()).as(shown + " shown, API has " + api).isTrue();
        assertThat(Double.parseDouble(shown)).isCloseTo(api.asDouble() * scale, within(halfUnit + 1e-9));
    }
}
