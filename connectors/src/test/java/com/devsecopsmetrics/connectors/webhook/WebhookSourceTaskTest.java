package com.devsecopsmetrics.connectors.webhook;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task with its real listener, driven the way the worker drives it: {@code poll()} for records and
 * {@code commitRecord} once "Kafka" has acknowledged them (here the test decides when, to see that no request is
 * answered before). ConnectorsIT in streams-app runs the same task in a real worker against a real broker.
 */
class WebhookSourceTaskTest {
    // Random values of the kind `openssl rand -hex 32` gives: the task refuses short or placeholder secrets.
    static final String GITHUB_SECRET = "9f2c71e4a8b35d06c1e7f4a29b80d3e5f6a1c2b7d8e9f0a1b2c3d4e5f6a7b8c9";
    static final String GITLAB_TOKEN = "4e1d8a7c2b9f6e3d0c5a8b7e4f1d2c9b6a3e0f7d4c1b8a5e2f9c6b3a0d7e4f1c";
    static final String PD_SECRET = "b7a4e1f8c5d2b9a6e3f0c7d4a1b8e5f2c9d6a3b0e7f4c1d8a5b2e9f6c3d0a7b4";
    static final String SARIF_SECRET = "2d9e6b3f0a7c4e1b8d5f2a9c6e3b0d7f4a1c8e5b2d9f6a3c0e7b4d1f8a5c2e9b";
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "src/test/fixtures"));

    private final WebhookSourceTask task = new WebhookSourceTask();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SourceRecord> polled = new ArrayList<>();
    private Map<String, String> props;

    @BeforeEach
    void start() {
        props = new HashMap<>(Map.of(
                WebhookConfig.LISTENER_PORT, "0", WebhookConfig.LISTENER_HOST, "127.0.0.1",
                WebhookConfig.GITHUB_SECRET, GITHUB_SECRET, WebhookConfig.GITLAB_TOKEN, GITLAB_TOKEN,
                WebhookConfig.PAGERDUTY_SECRET, PD_SECRET, WebhookConfig.SARIF_SECRET, SARIF_SECRET,
                WebhookConfig.MAX_BODY_BYTES, "65536", WebhookConfig.ACK_TIMEOUT_MS, "1500"));
        task.initialize(context(props));
        task.start(props);
    }

    /** The worker's side of the task context: its configuration and, on a first start, no stored offsets. */
    static SourceTaskContext context(Map<String, String> props) {
        return context(props, null);
    }

    static SourceTaskContext context(Map<String, String> props, Map<String, Object> storedOffset) {
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                return null;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return storedOffset;
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        return Map.of();
                    }
                };
            }
        };
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** What a SARIF upload with routing parameters signs: their lines, then the body. */
    static byte[] routed(String lines, byte[] body) {
        byte[] prefix = lines.getBytes(StandardCharsets.UTF_8);
        byte[] signed = java.util.Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return signed;
    }

    private CompletableFuture<HttpResponse<String>> post(String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postAcked(String path, byte[] body, String... headers) throws Exception {
        CompletableFuture<HttpResponse<String>> response = post(path, body, headers);
        List<SourceRecord> records = pollUntilSome();
        assertThat(response).as("answered before Kafka acknowledged").isNotDone();
        records.forEach(r -> task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0)));
        return response.get(10, TimeUnit.SECONDS);
    }

    private List<SourceRecord> pollUntilSome() throws InterruptedException {
        List<SourceRecord> records = null;
        for (int i = 0; i < 40 && records == null; i++) {
            records = task.poll();
        }
        assertThat(records).as("records polled").isNotNull();
        polled.addAll(records);
        return records;
    }

    private static byte[] fixture(String path) throws Exception {
        return Files.readAllBytes(FIXTURES.resolve(path));
    }

    @Test
    void aSignedGitHubPushIsAnsweredOnlyAfterKafkaAcknowledgedItsRecords() throws Exception {
        byte[] body = fixture("github-webhooks/push.4.json");
        HttpResponse<String> r = postAcked("/github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", "d-1",
                "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"accepted\"", "\"events\":{\"commits\":1}");
        assertThat(polled).extracting(SourceRecord::topic).containsExactly("devsecops.raw.webhooks", "devsecops.commits");
        SourceRecord raw = polled.get(0);
        assertThat((byte[]) raw.value()).isEqualTo(body);
        assertThat(raw.headers().lastWithName("dsm.event.type").value()).isEqualTo("push");
        assertThat(raw.headers().lastWithName("dsm.delivery").value()).isEqualTo("d-1");
        assertThat(polled.get(1).key()).isEqualTo("Hello-World");
        assertThat(polled.get(1).timestamp()).as("the producer's time, not 2019").isNull();
    }

    @Test
    void pushesSeenBeforeARestartAreShippedByTheNextDeployment() throws Exception {
        byte[] push = fixture("github-webhooks/push.4.json");
        postAcked("/github", push, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, push));
        @SuppressWarnings("unchecked")
        Map<String, Object> offset = (Map<String, Object>) polled.get(polled.size() - 1).sourceOffset();
        task.stop();

        WebhookSourceTask restarted = new WebhookSourceTask();
        restarted.initialize(context(props, offset)); // what the worker stored for the last acknowledged record
        restarted.start(props);
        try {
            byte[] deployed = fixture("github-webhooks/deployment_status.created.0.json");
            CompletableFuture<HttpResponse<String>> response = http.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + restarted.port() + "/github")).POST(HttpRequest.BodyPublishers.ofByteArray(deployed))
                    .headers("X-GitHub-Event", "deployment_status", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, deployed)).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<SourceRecord> records = null;
            for (int i = 0; i < 40 && records == null; i++) {
                records = restarted.poll();
            }
            assertThat(records).hasSize(2);
            Struct deployment = (Struct) records.get(1).value();
            assertThat(deployment.getArray("commit_ids")).containsExactly("6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                    "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
            records.forEach(r -> restarted.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0)));
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void unsignedInvalidAndTamperedRequestsGet401AndWriteNothing() throws Exception {
        byte[] body = fixture("github-webhooks/push.4.json");
        String signature = "sha256=" + hmac(GITHUB_SECRET, body);
        byte[] tampered = body.clone();
        tampered[body.length / 2] ^= 1; // a replayed delivery with one byte changed
        assertThat(post("/github", body, "X-GitHub-Event", "push").get().statusCode()).isEqualTo(401);
        assertThat(post("/github", body, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hmac("guess", body)).get().statusCode()).isEqualTo(401);
        HttpResponse<String> replay = post("/github", tampered, "X-GitHub-Event", "push", "X-Hub-Signature-256", signature).get();
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("does not match the body");
        assertThat(post("/gitlab", fixture("gitlab-webhooks/job.json"), "X-Gitlab-Token", "wrong").get().statusCode()).isEqualTo(401);
        assertThat(post("/gitlab", fixture("gitlab-webhooks/job.json")).get().statusCode()).isEqualTo(401);
        byte[] pd = "{\"event\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThat(post("/pagerduty", pd, "X-PagerDuty-Signature", "v1=" + hmac("nope", pd)).get().statusCode()).isEqualTo(401);
        assertThat(task.poll()).as("nothing written").isNull();
    }

    @Test
    void gitlabAndPagerDutyWithValidSignatures() throws Exception {
        HttpResponse<String> job = postAcked("/gitlab", fixture("gitlab-webhooks/job.json"), "X-Gitlab-Token", GITLAB_TOKEN);
        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(job.body()).contains("\"deployments\":1");
        byte[] pd = """
                {"event":{"event_type":"incident.triggered","occurred_at":"2026-03-01T10:00:00Z",
                 "data":{"id":"P1","created_at":"2026-03-01T09:59:00Z","title":"down","service":{"id":"S","summary":"Pay"}}}}""".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> page = postAcked("/pagerduty", pd, "X-PagerDuty-Signature", "v1=" + hmac(PD_SECRET, pd));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"incidents\":1");
    }

    @Test
    void unknownEventTypesAreAReportedSkipAndTheRawBodyIsStillKept() throws Exception {
        byte[] body = fixture("github-webhooks/ping.0.json");
        HttpResponse<String> r = postAcked("/github", body, "X-GitHub-Event", "star", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).contains("\"status\":\"skipped\"", "GitHub event type 'star' is not mapped to the contract");
        assertThat(polled).extracting(SourceRecord::topic).containsExactly("devsecops.raw.webhooks");
        assertThat(polled.get(0).headers().lastWithName("dsm.skipped").value().toString()).contains("'star'");
    }

    @Test
    void malformedJsonIs400ASarifWithoutRunsIs422AndNothingIsWritten() throws Exception {
        byte[] broken = "{\"ref\": \"refs/heads/main\", ".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("/github", broken, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, broken)).get();
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed JSON");
        byte[] noRuns = fixture("sarif/no_runs.sarif");
        HttpResponse<String> s = post("/sarif?service=web", noRuns, "Content-Type", "application/sarif+json",
                "X-Hub-Signature-256", "sha256=" + hmac(SARIF_SECRET, routed("service=web\n", noRuns))).get();
        assertThat(s.statusCode()).isEqualTo(422);
        assertThat(s.body()).contains("SARIF log has no runs");
        assertThat(task.poll()).isNull();
    }

    @Test
    void aPayloadThatBreaksAConverterIs422WithTheReasonNever500() throws Exception {
        byte[] pd = """
                {"event":{"event_type":"incident.triggered","occurred_at":"+999999999-12-31T23:59:59Z",
                 "data":{"id":"P1","title":"down","service":{"id":"S","summary":"Pay"}}}}""".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("/pagerduty", pd, "X-PagerDuty-Signature", "v1=" + hmac(PD_SECRET, pd)).get();
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("field 'occurred_at': timestamp out of range").doesNotContain("at com.", "Exception");
        assertThat(task.poll()).isNull();
    }

    @Test
    void anEventThatBreaksTheContractIs422WithTheRulesReason() throws Exception {
        String future = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString(); // a sender whose clock is a day fast
        byte[] pd = ("{\"event\":{\"event_type\":\"incident.triggered\",\"occurred_at\":\"" + future + "\",\"data\":{\"id\":\"P2\","
                + "\"created_at\":\"" + future + "\",\"title\":\"down\",\"service\":{\"id\":\"S\",\"summary\":\"Pay\"}}}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("/pagerduty", pd, "X-PagerDuty-Signature", "v1=" + hmac(PD_SECRET, pd)).get();
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("field 'occurred_at'");
        assertThat(task.poll()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/sarif", "/", "/github"})
    void aSarifUploadIsKnownByItsPathOrContentTypeAndTakesServiceAndCommitFromTheQuery(String path) throws Exception {
        byte[] body = fixture("sarif/gitleaks_7.5.0.sarif");
        HttpResponse<String> r = postAcked(path + "?service=web&commit=abc123", body, "Content-Type", "application/sarif+json; charset=utf-8",
                "X-Hub-Signature-256", "sha256=" + hmac(SARIF_SECRET, routed("service=web\ncommit=abc123\n", body)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"scan-results\":1", "\"findings\":4");
        assertThat(polled.subList(1, polled.size())).allSatisfy(rec -> assertThat(rec.key()).isEqualTo("web"));
    }

    @Test
    void aBodyThatIsNotSarifOnTheRootPathIsRefused() throws Exception {
        HttpResponse<String> r = post("/", fixture("sarif/gitleaks_7.5.0.sarif"), "Content-Type", "application/json").get();
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
    }

    @Test
    void hugeBodiesGet413WithOrWithoutContentLength() throws Exception {
        byte[] huge = new byte[70_000];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> r = post("/github", huge, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, huge)).get();
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("exceeds max.body.bytes = 65536");
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + "/github"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();
        assertThat(http.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        assertThat(task.poll()).isNull();
    }

    @Test
    void withoutAcknowledgementTheSenderGets503AndADroppedRecordGets500() throws Exception {
        byte[] body = fixture("github-webhooks/push.4.json");
        String sig = "sha256=" + hmac(GITHUB_SECRET, body);
        CompletableFuture<HttpResponse<String>> unacked = post("/github", body, "X-GitHub-Event", "push", "X-Hub-Signature-256", sig);
        pollUntilSome(); // handed to the worker, never acknowledged
        HttpResponse<String> r = unacked.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();

        CompletableFuture<HttpResponse<String>> dropped = post("/github", body, "X-GitHub-Event", "push", "X-Hub-Signature-256", sig);
        List<SourceRecord> records = pollUntilSome();
        task.commitRecord(records.get(0), new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 0, 0));
        task.commitRecord(records.get(1), null); // filtered by a transform or dropped by errors.tolerance
        HttpResponse<String> d = dropped.get(10, TimeUnit.SECONDS);
        assertThat(d.statusCode()).isEqualTo(500);
        assertThat(d.body()).contains("1 of 2 records were not written");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(post("/bitbucket", new byte[0]).get().statusCode()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + "/github")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
