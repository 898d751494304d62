package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.fuzz.JsonMutations;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed hostile payloads through the real listener: every answer is one of the documented ones (written, skipped,
 * duplicate, 400 not JSON, 422 with the reason), never a 500 and never a stack trace.
 */
class WebhookIntakeFuzzTest {
    private static final Set<Integer> DOCUMENTED = Set.of(200, 202, 400, 422);
    private static WebhookSourceTask task;
    private static Thread worker;
    private static volatile boolean running;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Delivery(String source, String eventType, byte[] body) {
    }

    @BeforeContainer
    static void start() {
        Map<String, String> props = Map.of(WebhookConfig.LISTENER_PORT, "0", WebhookConfig.LISTENER_HOST, "127.0.0.1",
                WebhookConfig.GITHUB_SECRET, WebhookSourceTaskTest.GITHUB_SECRET, WebhookConfig.GITLAB_TOKEN, WebhookSourceTaskTest.GITLAB_TOKEN,
                WebhookConfig.PAGERDUTY_SECRET, WebhookSourceTaskTest.PD_SECRET, WebhookConfig.SARIF_SECRET, WebhookSourceTaskTest.SARIF_SECRET);
        task = new WebhookSourceTask();
        task.initialize(WebhookSourceTaskTest.context(props));
        task.start(props);
        running = true;
        worker = new Thread(() -> { // the worker's part: every queued record is written and acknowledged
            while (running) {
                try {
                    List<SourceRecord> records = task.poll();
                    if (records != null) {
                        records.forEach(r -> task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0)));
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        worker.start();
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        running = false;
        worker.join(5_000);
        task.stop();
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        Arbitrary<Delivery> github = Arbitraries.of(JsonMutations.fixtures("github-webhooks")).flatMap(f -> JsonMutations.mutants(List.of(f))
                .map(b -> new Delivery("github", f.name().split("\\.")[0], b)));
        Arbitrary<Delivery> gitlab = JsonMutations.mutants(JsonMutations.fixtures("gitlab-webhooks")).map(b -> new Delivery("gitlab", null, b));
        Arbitrary<Delivery> pagerduty = JsonMutations.mutants(JsonMutations.fixtures(Path.of("..", "resources", "payloads", "pagerduty").toString()))
                .map(b -> new Delivery("pagerduty", null, b));
        Arbitrary<Delivery> sarif = JsonMutations.mutants(JsonMutations.fixtures("sarif").stream().filter(f -> f.bytes().length < 40_000).toList())
                .map(b -> new Delivery("sarif", null, b));
        return Arbitraries.oneOf(github, gitlab, pagerduty, sarif);
    }

    @Property(tries = 200)
    void aSignedHostilePayloadGetsADocumentedAnswer(@ForAll("deliveries") Delivery d) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + "/" + d.source()))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        switch (d.source()) {
            case "github" -> b.header("X-GitHub-Event", d.eventType())
                    .header("X-Hub-Signature-256", "sha256=" + WebhookSourceTaskTest.hmac(WebhookSourceTaskTest.GITHUB_SECRET, d.body()));
            case "gitlab" -> b.header("X-Gitlab-Token", WebhookSourceTaskTest.GITLAB_TOKEN);
            case "pagerduty" -> b.header("X-PagerDuty-Signature", "v1=" + WebhookSourceTaskTest.hmac(WebhookSourceTaskTest.PD_SECRET, d.body()));
            default -> b.header("Content-Type", "application/sarif+json").header("X-DSM-Service", "fuzz")
                    .header("X-Hub-Signature-256", "sha256=" + WebhookSourceTaskTest.hmac(WebhookSourceTaskTest.SARIF_SECRET,
                            WebhookSourceTaskTest.routed("service=fuzz\n", d.body())));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(DOCUMENTED);
        assertThat(r.body()).doesNotContain("\tat ", "Exception");
    }
}
