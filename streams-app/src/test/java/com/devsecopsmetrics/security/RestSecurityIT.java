package com.devsecopsmetrics.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.devsecopsmetrics.access.Role;
import com.devsecopsmetrics.access.TokenFile;
import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.app.MetricsApplication;
import com.devsecopsmetrics.cli.GeneratedHistory;
import com.devsecopsmetrics.config.DsmConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN §8 on the real stack: two instances on the embedded KRaft broker, both on HTTPS with client certificates
 * required, a tokens file, a JWKS and the instance credential. Every check reads the answers as a client would,
 * and the data comes from {@code dsm generate} and {@code dsm load}, so the teams and services are real ones.
 */
class RestSecurityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate LAST_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);

    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static MetricsApplication second;
    static int restA;
    static int restB;
    static SecureClient user;
    static TestCertificates ca;
    static Path tokensFile;
    static final Map<String, String> token = new HashMap<>();
    static JwtIssuer issuer;
    static JwtIssuer stranger;
    static String internalToken;
    static String ownTeam;
    static String otherTeam;
    static List<String> ownServices;
    static List<String> otherServices;
    static final ListAppender<ILoggingEvent> audit = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.authority("dsm");
        Path instanceKeys = ca.keyStore(dir.resolve("tls/instance.p12"), "dsm-instance");
        Path trust = ca.trustStore(dir.resolve("tls/trust.p12"));
        user = new SecureClient(ca, trust, ca, ca.keyStore(dir.resolve("tls/user.p12"), "dashboard-user"));

        for (String[] t : List.of(new String[] {"admin", "admin", "*"}, new String[] {"viewer", "viewer", "*"},
                new String[] {"prometheus", "metrics", "*"})) {
            token.put(t[0], "tok-" + t[0] + "-" + java.util.UUID.randomUUID());
        }
        issuer = JwtIssuer.create("https://sso.example", "devsecops-metrics");
        stranger = JwtIssuer.create("https://sso.example", "devsecops-metrics");
        Path jwks = issuer.writeJwks(dir.resolve("jwks.json"));
        internalToken = "internal-" + java.util.UUID.randomUUID() + java.util.UUID.randomUUID();

        Path data = dir.resolve("generated");
        GeneratedHistory history = GeneratedHistory.generate(data, 12, 40, 7, LAST_DAY);
        Map<String, List<String>> byTeam = new TreeMap<>();
        for (String line : Files.readAllLines(data.resolve("services.jsonl"))) {
            JsonNode s = JSON.readTree(line);
            byTeam.computeIfAbsent(s.path("team").asText(), k -> new ArrayList<>()).add(s.path("service_id").asText());
        }
        assertThat(byTeam).hasSizeGreaterThanOrEqualTo(2);
        ownTeam = byTeam.keySet().iterator().next();
        otherTeam = new ArrayList<>(byTeam.keySet()).get(1);
        ownServices = byTeam.get(ownTeam);
        otherServices = byTeam.get(otherTeam);
        token.put("team", "tok-team-" + java.util.UUID.randomUUID());
        tokensFile = dir.resolve("tokens");
        Files.write(tokensFile, List.of("# id:role:scope:sha256",
                TokenFile.line("admin", Role.ADMIN, "*", token.get("admin")),
                TokenFile.line("viewer", Role.VIEWER, "*", token.get("viewer")),
                TokenFile.line("prometheus", Role.METRICS, "*", token.get("prometheus")),
                TokenFile.line("team-viewer", Role.VIEWER, "team:" + ownTeam, token.get("team"))));

        Map<String, String> secured = new HashMap<>();
        secured.put(DsmConfig.TOPIC_PARTITIONS, "4");
        secured.put(DsmConfig.REST_BIND, "0.0.0.0");
        secured.put(DsmConfig.REST_AUTH_TOKENS_FILE, tokensFile.toString());
        secured.put(DsmConfig.REST_AUTH_JWKS_LOCATION, jwks.toString());
        secured.put(DsmConfig.REST_AUTH_JWT_ISSUER, issuer.issuer());
        secured.put(DsmConfig.REST_AUTH_JWT_AUDIENCE, issuer.audience());
        secured.put(DsmConfig.REST_INTERNAL_TOKEN, internalToken);
        secured.put(DsmConfig.REST_ALLOWED_HOSTS, "localhost,127.0.0.1");
        secured.put("rest.tls.keystore.location", instanceKeys.toString());
        secured.put("rest.tls.keystore.password", ca.password());
        secured.put("rest.tls.client.auth", "required");
        secured.put("rest.tls.truststore.location", trust.toString());
        secured.put("rest.tls.truststore.password", ca.password());

        var auditLogger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("audit");
        auditLogger.setLevel(Level.INFO);
        audit.start();
        auditLogger.addAppender(audit);

        restA = freePort();
        restB = freePort();
        stack = new EmbeddedStack(dir.resolve("a"), freePort(), restA, secured).start();
        second = new MetricsApplication(stack.config().with(DsmConfig.REST_PORT, String.valueOf(restB))
                .with(DsmConfig.STATE_DIR, dir.resolve("b-state").toString())).start();
        history.loadInto(stack.bootstrapServers());
        String orgQuery = "/api/v1/metrics?scope=org&from=" + LAST_DAY.minusDays(39) + "&to=" + LAST_DAY.plusDays(1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> r = user.get(restA, orgQuery, token.get("admin"));
            return r.statusCode() == 200 && JSON.readTree(r.body()).path("dora").path("deployments").asLong() > 0
                    && user.get(restB, orgQuery, token.get("admin")).body().equals(r.body());
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

    static HttpResponse<String> get(String path, String bearer) throws Exception {
        return user.get(restA, path, bearer);
    }

    static String period() {
        return "&from=" + LAST_DAY.minusDays(39) + "&to=" + LAST_DAY.plusDays(1);
    }

    static void assertStatus(int status, String path, String bearer) throws Exception {
        for (int port : new int[] {restA, restB}) {
            HttpResponse<String> r = user.get(port, path, bearer);
            assertThat(r.statusCode()).as(port + " " + path + " -> " + r.body()).isEqualTo(status);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith(
                    path.equals("/metrics") && status == 200 ? "text/plain" : "application/json");
            if (status >= 400) {
                assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(status);
            }
        }
    }

    @Test
    void noTokenOrAnUnknownOneIs401WithTheBearerChallenge() throws Exception {
        for (String path : List.of("/api/v1/metrics?scope=org" + period(), "/api/v1/services", "/metrics", "/api/v1/report")) {
            HttpResponse<String> none = get(path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            HttpResponse<String> unknown = get(path, "not-a-token-anyone-issued");
            assertThat(unknown.statusCode()).as(path).isEqualTo(401);
            assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        }
        HttpResponse<String> basic = user.getWithAuthorization(restA, "/api/v1/alerts", "Basic YWRtaW46YWRtaW4=");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).contains("Bearer");
        assertStatus(200, "/health/ready", null);
        assertStatus(200, "/health", null);
    }

    @Test
    void eachRoleReadsWhatItMayAndIsRefusedTheRest() throws Exception {
        assertStatus(403, "/api/v1/metrics?scope=org" + period(), token.get("prometheus"));
        assertStatus(200, "/metrics", token.get("prometheus"));
        assertStatus(403, "/metrics", token.get("viewer"));
        assertStatus(200, "/api/v1/services", token.get("viewer"));
        for (String path : List.of("/metrics", "/api/v1/services", "/api/v1/services/" + otherServices.get(0), "/api/v1/alerts",
                "/api/v1/report?month=" + java.time.YearMonth.from(LAST_DAY), "/api/v1/snapshot?scope=team:" + otherTeam + "&date=" + LAST_DAY,
                "/api/v1/timeseries?scope=service:" + otherServices.get(0) + "&metric=deployments" + period())) {
            assertStatus(200, path, token.get("admin"));
        }
    }

    @Test
    void aTeamScopedViewerReadsAggregatesAndItsOwnTeamOnly() throws Exception {
        String team = token.get("team");
        assertStatus(200, "/api/v1/metrics?scope=team:" + ownTeam + period(), team);
        assertStatus(200, "/api/v1/metrics?scope=service:" + ownServices.get(0) + period(), team);
        assertStatus(200, "/api/v1/metrics?scope=org" + period(), team);
        assertStatus(200, "/api/v1/snapshot?scope=tier:TIER_1&date=" + LAST_DAY, team);
        assertStatus(200, "/api/v1/services/" + ownServices.get(0), team);
        assertStatus(403, "/api/v1/metrics?scope=team:" + otherTeam + period(), team);
        assertStatus(200, "/api/v1/report?month=" + java.time.YearMonth.from(LAST_DAY) + "&scope=team:" + ownTeam, team);
        assertStatus(403, "/api/v1/report?month=" + java.time.YearMonth.from(LAST_DAY) + "&scope=team:" + otherTeam, team);
        assertStatus(403, "/api/v1/metrics?scope=service:" + otherServices.get(0) + period(), team);
        assertStatus(403, "/api/v1/snapshot?scope=service:" + otherServices.get(0) + "&date=" + LAST_DAY, team);
        assertStatus(403, "/api/v1/timeseries?scope=team:" + otherTeam + "&metric=deployments" + period(), team);
        assertStatus(403, "/api/v1/services/" + otherServices.get(0), team);
        assertStatus(403, "/api/v1/alerts?scope=team:" + otherTeam, team);
        assertStatus(403, "/metrics", team);

        JsonNode services = JSON.readTree(get("/api/v1/services", team).body()).path("services");
        TreeSet<String> listed = new TreeSet<>();
        services.forEach(s -> listed.add(s.path("service_id").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ownServices);

        for (String path : List.of("/api/v1/snapshot?scope=org&date=" + LAST_DAY, "/api/v1/alerts",
                "/api/v1/report?month=" + java.time.YearMonth.from(LAST_DAY), "/api/v1/report?format=md&month=" + java.time.YearMonth.from(LAST_DAY),
                "/api/v1/report?month=" + java.time.YearMonth.from(LAST_DAY) + "&scope=team:" + ownTeam)) {
            for (int port : new int[] {restA, restB}) {
                String body = user.get(port, path, team).body();
                assertThat(body).as(path).doesNotContain("team:" + otherTeam);
                for (String other : otherServices) {
                    assertThat(body).as(path).doesNotContain("\"" + other + "\"").doesNotContain("service:" + other);
                }
            }
        }
        String orgSnapshot = get("/api/v1/snapshot?scope=org&date=" + LAST_DAY, token.get("admin")).body();
        assertThat(orgSnapshot).as("the admin sees the other team's services").contains("\"" + otherServices.get(0) + "\"");
        JsonNode own = JSON.readTree(get("/api/v1/snapshot?scope=org&date=" + LAST_DAY, team).body());
        assertThat(own.path("coverage").path("service_practices").has(ownServices.get(0))).isTrue();
    }

    @Test
    void theTokensFileIsReadAgainWhenItChanges() throws Exception {
        String later = "tok-later-" + java.util.UUID.randomUUID();
        String path = "/api/v1/services";
        assertThat(get(path, later).statusCode()).isEqualTo(401);
        Files.writeString(tokensFile, TokenFile.line("later", Role.VIEWER, "*", later) + "\n", StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(path, later).statusCode() == 200);
        List<String> lines = new ArrayList<>(Files.readAllLines(tokensFile));
        lines.removeIf(l -> l.startsWith("later:"));
        Files.write(tokensFile, lines);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(path, later).statusCode() == 401);
        assertThat(get(path, token.get("viewer")).statusCode()).isEqualTo(200);
    }

    @Test
    void aJwtFromTheConfiguredKeySetIsAcceptedAndForgedOrExpiredOnesAreNot() throws Exception {
        String path = "/api/v1/metrics?scope=team:" + ownTeam + period();
        assertStatus(200, path, issuer.sign("alice", "viewer", "*", Duration.ofMinutes(5)));
        assertStatus(200, path, issuer.sign("bob", "viewer", ownTeam, Duration.ofMinutes(5)));
        assertStatus(403, "/api/v1/metrics?scope=team:" + otherTeam + period(), issuer.sign("bob", "viewer", ownTeam, Duration.ofMinutes(5)));
        assertStatus(401, path, stranger.sign("mallory", "admin", "*", Duration.ofMinutes(5)));
        assertStatus(401, path, issuer.sign("carol", "admin", "*", Duration.ofMinutes(-5)));
        assertStatus(401, path, issuer.withAudience("another-api").sign("dave", "admin", "*", Duration.ofMinutes(5)));
        assertStatus(403, path, issuer.sign("erin", "viewer", null, Duration.ofMinutes(5)));
        assertStatus(403, path, issuer.sign("frank", "auditor", "*", Duration.ofMinutes(5)));
    }

    @Test
    void clientCertificatesAreRequiredAndMustChainToTheTrustStore() throws Exception {
        TestCertificates other = TestCertificates.authority("elsewhere");
        Path trust = dir.resolve("tls/trust.p12");
        SecureClient noCertificate = new SecureClient(ca, trust, null, null);
        assertThatThrownBy(() -> noCertificate.get(restA, "/health", null)).isInstanceOf(java.io.IOException.class);
        SecureClient foreign = new SecureClient(ca, trust, other, other.keyStore(dir.resolve("tls/foreign.p12"), "intruder"));
        assertThatThrownBy(() -> foreign.get(restA, "/health", null)).isInstanceOf(java.io.IOException.class);
        assertThat(user.get(restA, "/health", null).statusCode()).isEqualTo(200);
        var plain = java.net.http.HttpClient.newHttpClient();
        assertThatThrownBy(() -> plain.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + restA + "/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void noSpellingOfAProtectedPathGetsPastTheGuard() throws Exception {
        for (String path : List.of("//api/v1/services", "/api//v1/services", "/%61pi/v1/services", "/api/v1/../v1/services",
                "/./api/v1/services", "/API/v1/services", "/api/v1/services/", "/api/v1/services;x=1", "/api/v1/%73ervices",
                "//internal/v1/services", "/%69nternal/v1/services", "//metrics", "/METRICS", "/metrics/", "/api/v1/services%2F")) {
            String answer = user.raw(restA, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String status = answer.isEmpty() ? "" : answer.substring(9, 12);
            assertThat(status).as(path + " -> " + answer).isIn("400", "401", "404");
            assertThat(answer).as(path).doesNotContain("service_id").doesNotContain("# TYPE");
        }
    }

    @Test
    void internalRoutesAnswerOnlyTheOtherInstances() throws Exception {
        String path = "/internal/v1/services";
        assertStatus(401, path, null);
        assertStatus(401, path, token.get("admin"));
        assertStatus(401, path, issuer.sign("alice", "admin", "*", Duration.ofMinutes(5)));
        assertStatus(200, path, internalToken);
        assertStatus(403, "/api/v1/services", internalToken);
    }

    @Test
    void everyResponseCarriesTheBrowserHeadersAndServerErrorsAreJson() throws Exception {
        for (String path : List.of("/", "/assets/dashboard.js", "/api/v1/services", "/no-such-page", "/health")) {
            HttpResponse<String> r = get(path, token.get("viewer"));
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(path)
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).as(path).isPresent();
        }
        String auth = "Authorization: Bearer " + token.get("viewer") + "\r\n";
        String forged = user.raw(restA, "GET /api/v1/services HTTP/1.1\r\nHost: attacker.example\r\n" + auth + "Connection: close\r\n\r\n");
        assertThat(forged).startsWith("HTTP/1.1 421").contains("\"status\":421").contains("rest.allowed.hosts");
        String longUri = user.raw(restA, "GET /api/v1/services?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(longUri).startsWith("HTTP/1.1 414").contains("\"status\":414").contains("application/json")
                .contains("Content-Security-Policy");
        String hugeHeader = user.raw(restA, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(70_000) + "\r\nConnection: close\r\n\r\n");
        assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("\"status\":431").contains("application/json");
        String malformed = user.raw(restA, "GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n");
        assertThat(malformed).startsWith("HTTP/1.1 400").contains("\"status\":400").contains("application/json")
                .doesNotContain("<html").doesNotContain("Jetty");
    }

    @Test
    void eachApiRequestLeavesOneAuditLineWithWhoWhatAndTheStatus() throws Exception {
        String marker = "/api/v1/services/" + ownServices.get(0);
        get(marker, token.get("team"));
        get("/api/v1/services/" + otherServices.get(0), token.get("team"));
        await().atMost(Duration.ofSeconds(5)).until(() -> auditLines().stream().anyMatch(l -> l.path("path").asText().equals(marker)));
        JsonNode line = auditLines().stream().filter(l -> l.path("path").asText().equals(marker)).reduce((a, b) -> b).orElseThrow();
        assertThat(line.path("caller").asText()).isEqualTo("team-viewer");
        assertThat(line.path("caller_scope").asText()).isEqualTo("team:" + ownTeam);
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("method").asText()).isEqualTo("GET");
        assertThat(line.path("scope").asText()).isEqualTo("service:" + ownServices.get(0));
        assertThat(line.path("client").asText()).isNotBlank();
        assertThat(line.path("time").asText()).isNotBlank();
        JsonNode refused = auditLines().stream().filter(l -> l.path("path").asText().equals("/api/v1/services/" + otherServices.get(0)))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(refused.path("status").asInt()).isEqualTo(403);
        assertThat(refused.path("caller").asText()).isEqualTo("team-viewer");
        assertThat(auditLines().toString()).doesNotContain(token.get("team")).doesNotContain(token.get("admin"));
        assertThat(auditLines()).anyMatch(l -> l.path("path").asText().startsWith("/internal/") && l.path("caller").asText().equals("instance"));
    }

    static List<JsonNode> auditLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(audit.list)) {
            try {
                lines.add(JSON.readTree(e.getFormattedMessage()));
            } catch (Exception ex) {
                throw new AssertionError("an audit line is not JSON: " + e.getFormattedMessage());
            }
        }
        return lines;
    }
}
