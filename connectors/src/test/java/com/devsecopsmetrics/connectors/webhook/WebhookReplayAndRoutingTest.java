package com.devsecopsmetrics.connectors.webhook;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.devsecopsmetrics.connectors.webhook.WebhookSourceTaskTest.GITHUB_SECRET;
import static com.devsecopsmetrics.connectors.webhook.WebhookSourceTaskTest.PD_SECRET;
import static com.devsecopsmetrics.connectors.webhook.WebhookSourceTaskTest.SARIF_SECRET;
import static com.devsecopsmetrics.connectors.webhook.WebhookSourceTaskTest.hmac;
import static com.devsecopsmetrics.connectors.webhook.WebhookSourceTaskTest.routed;
import static org.assertj.core.api.Assertions.assertThat;

/** A signed delivery sent again, or sent again to another service, writes nothing (real listener, real HTTP). */
class WebhookReplayAndRoutingTest {
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "src/test/fixtures"));
    private final WebhookSourceTask task = new WebhookSourceTask();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SourceRecord> written = new ArrayList<>();

    @BeforeEach
    void start() {
        Map<String, String> props = Map.of(WebhookConfig.LISTENER_PORT, "0", WebhookConfig.LISTENER_HOST, "127.0.0.1",
                WebhookConfig.GITHUB_SECRET, GITHUB_SECRET, WebhookConfig.PAGERDUTY_SECRET, PD_SECRET, WebhookConfig.SARIF_SECRET, SARIF_SECRET,
                WebhookConfig.ACK_TIMEOUT_MS, "3000");
        task.initialize(WebhookSourceTaskTest.context(props));
        task.start(props);
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    private CompletableFuture<HttpResponse<String>> post(String path, byte[] body, String... headers) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + path)).timeout(Duration.ofSeconds(10))
                .headers(headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts, then plays the worker: whatever the request queued is written and acknowledged. */
    private HttpResponse<String> deliver(String path, byte[] body, String... headers) throws Exception {
        CompletableFuture<HttpResponse<String>> response = post(path, body, headers);
        while (!response.isDone()) {
            List<SourceRecord> records = task.poll();
            if (records != null) {
                written.addAll(records);
                records.forEach(r -> task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0)));
            }
        }
        return response.get(1, TimeUnit.SECONDS);
    }

    private static String[] githubPush(byte[] body, String delivery) throws Exception {
        return new String[]{"X-GitHub-Event", "push", "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body)};
    }

    private List<String> eventTopics() {
        return written.stream().map(SourceRecord::topic).filter(t -> !t.contains("raw")).toList();
    }

    @Test
    void theSameSignedDeliveryTwiceGivesOneRecord() throws Exception {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("github-webhooks/push.4.json"));
        assertThat(deliver("/github", body, githubPush(body, "72d3162e-cc78-11e3-81ab-4c9367dc0958")).statusCode()).isEqualTo(200);
        HttpResponse<String> again = deliver("/github", body, githubPush(body, "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");
        // GitHub does not sign its delivery header: the same signed body under a fresh delivery id is the same delivery
        HttpResponse<String> renamed = deliver("/github", body, githubPush(body, "00000000-0000-0000-0000-000000000001"));
        assertThat(renamed.body()).contains("\"status\":\"duplicate\"");
        assertThat(eventTopics()).containsExactly("devsecops.commits");
        assertThat(written).hasSize(2); // one raw body, one commit
    }

    @Test
    void aPagerDutyEventIsKnownByTheEventIdItsSignatureCovers() throws Exception {
        byte[] body = """
                {"event":{"id":"01DEN4GQ9SFPK3CKSLAXZN7XAZ","event_type":"incident.triggered","occurred_at":"2026-03-01T10:00:00Z",
                 "data":{"id":"P1","created_at":"2026-03-01T09:59:00Z","title":"down","service":{"id":"S","summary":"Pay"}}}}""".getBytes(StandardCharsets.UTF_8);
        String[] headers = {"X-PagerDuty-Signature", "v1=" + hmac(PD_SECRET, body)};
        assertThat(deliver("/pagerduty", body, headers).statusCode()).isEqualTo(200);
        assertThat(deliver("/pagerduty", body, headers).body()).contains("duplicate");
        assertThat(eventTopics()).containsExactly("devsecops.incidents");
    }

    @Test
    void aDeliveryStillWaitingForKafkaIsAnswered409WhenItComesAgain() throws Exception {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("github-webhooks/push.4.json"));
        CompletableFuture<HttpResponse<String>> first = post("/github", body, githubPush(body, "d-409"));
        List<SourceRecord> records = null;
        while (records == null) {
            records = task.poll(); // queued, not yet acknowledged
        }
        HttpResponse<String> second = post("/github", body, githubPush(body, "d-409")).get(5, TimeUnit.SECONDS);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        records.forEach(r -> task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0)));
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aSignedWebhookRetargetedWithAServiceParameterWritesNothingForIt() throws Exception {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("github-webhooks/push.4.json"));
        HttpResponse<String> r = deliver("/github?service=other", body, githubPush(body, "d-retarget"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("routing parameters (service) are only taken on SARIF uploads");
        HttpResponse<String> header = deliver("/github", body, "X-DSM-Service", "other", "X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body));
        assertThat(header.statusCode()).isEqualTo(400);
        assertThat(written).isEmpty();
        // and the refusals did not use the delivery up: sent as it was signed, it goes through, for its own service
        assertThat(deliver("/github", body, githubPush(body, "d-retarget")).statusCode()).isEqualTo(200);
        assertThat(written).extracting(SourceRecord::key).containsOnly("Hello-World");
    }

    @Test
    void aSignedSarifUploadRetargetedToAnotherServiceIsRefused() throws Exception {
        byte[] sarif = Files.readAllBytes(FIXTURES.resolve("sarif/gitleaks_7.5.0.sarif"));
        String bodyOnly = "sha256=" + hmac(SARIF_SECRET, sarif);
        String forWeb = "sha256=" + hmac(SARIF_SECRET, routed("service=web\n", sarif));
        HttpResponse<String> added = deliver("/sarif?service=other", sarif, "Content-Type", "application/sarif+json", "X-Hub-Signature-256", bodyOnly);
        assertThat(added.statusCode()).isEqualTo(401);
        assertThat(added.body()).contains("the signature covers the lines service=... then the body");
        HttpResponse<String> changed = deliver("/sarif?service=other", sarif, "Content-Type", "application/sarif+json", "X-Hub-Signature-256", forWeb);
        assertThat(changed.statusCode()).isEqualTo(401);
        HttpResponse<String> injected = deliver("/sarif?service=web%0Arepo%3Dx", sarif, "Content-Type", "application/sarif+json", "X-Hub-Signature-256", forWeb);
        assertThat(injected.statusCode()).isEqualTo(400);
        assertThat(written).isEmpty();
        HttpResponse<String> signed = deliver("/sarif?service=web", sarif, "Content-Type", "application/sarif+json", "X-Hub-Signature-256", forWeb);
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(written.subList(1, written.size())).extracting(SourceRecord::key).containsOnly("web");
    }
}
