package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.connectors.history.GitHubRecording;
import com.devsecopsmetrics.connectors.history.RecordedApi;
import com.devsecopsmetrics.ingest.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code dsm import github} from a server replaying recorded REST answers into the running application, then the
 * webhooks of the same changes through the connectors' converters ({@code dsm convert | dsm load}, the webhook
 * connector's path): the REST answers count every deployment, commit and finding once.
 */
class HistoryImportIT {
    private static final String HELLO_2019 = "scope=service:Hello-World&from=2019-05-01&to=2019-06-01";
    private static final String HELLO_FINDINGS = "scope=service:Hello-World&from=2020-11-01&to=2022-09-01";
    private static final String OCTO_2020 = "scope=service:octo-repo&from=2020-10-01&to=2020-11-01";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void importThenLaterWebhooksCountEveryEventOnce() throws Exception {
        int rest = freePort();
        // the fixtures' history spans 2019 to 2022, longer than the default horizon of 400 days from the newest event
        try (EmbeddedStack stack = new EmbeddedStack(dir.resolve("stack"), freePort(), rest, Map.of(DsmConfig.RETENTION_DAYS, "3650")).start();
             RecordedApi api = GitHubRecording.serve(new RecordedApi())) {
            Path checkpoint = dir.resolve("github.checkpoint.json");
            CliRunner.Result imported = CliRunner.run("import", "github", "--repo", "Codertocat/Hello-World", "--repo", "octo-org/octo-repo",
                    "--since", "2019-01-01", "--base-url", api.base().toString(), "--token-env", "DSM_IMPORT_IT_TOKEN",
                    "-D", "github.deployment.workflows=^test$", "--checkpoint", checkpoint.toString(),
                    "--bootstrap-server", stack.bootstrapServers());
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("github:Codertocat/Hello-World: 11 changes, 11 events written",
                    "github:octo-org/octo-repo: 1 changes, 1 events written", "total: 12 events written");
            assertThat(Files.readString(checkpoint)).contains("github:Codertocat/Hello-World", "dependabot_alert:2:dismissed");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertCountedOnce(stack));

            // A re-run finds everything sent already and sends nothing.
            CliRunner.Result again = CliRunner.run("import", "github", "--repo", "Codertocat/Hello-World", "--repo", "octo-org/octo-repo",
                    "--since", "2019-01-01", "--base-url", api.base().toString(), "--token-env", "DSM_IMPORT_IT_TOKEN",
                    "-D", "github.deployment.workflows=^test$", "--checkpoint", checkpoint.toString(),
                    "--bootstrap-server", stack.bootstrapServers());
            assertThat(again.out()).as(again.err()).contains("total: 0 events written");

            // Then the webhooks of the same changes arrive, as they do once the connector runs.
            Path fixtures = ConvertCommandTest.FIXTURES.resolve("github-webhooks");
            CliRunner.Result converted = CliRunner.run("convert", "--from", "github", "-D", "github.deployment.workflows=^test$",
                    fixtures.resolve("push.4.json").toString(), fixtures.resolve("deployment_status.created.0.json").toString(),
                    fixtures.resolve("code_scanning_alert.closed_by_user.1.json").toString(),
                    fixtures.resolve("workflow_run.completed.1.json").toString());
            assertThat(converted.exitCode()).as(converted.err()).isZero();
            assertThat(load(converted.out(), stack).out()).contains("total: 4 sent");
            try (Admin admin = Admin.create(stack.config().clientProperties())) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                        ConsumerLag.of(admin, stack.config().get(DsmConfig.APPLICATION_ID), Topics.INPUTS) == 0);
            }
            // the rollups settle within rollup.interval.ms of the last change
            Thread.sleep(Duration.ofSeconds(3).toMillis());
            assertCountedOnce(stack);
        }
    }

    private void assertCountedOnce(EmbeddedStack stack) throws Exception {
        JsonNode hello = metrics(stack, HELLO_2019);
        assertThat(hello.path("dora").path("deployments").asLong()).as(hello.toString()).isEqualTo(1);
        assertThat(hello.path("security").path("commits").asLong()).as(hello.toString()).isEqualTo(2);
        JsonNode findings = metrics(stack, HELLO_FINDINGS);
        assertThat(findings.path("debt_flow").path("intake").asLong()).as(findings.toString()).isEqualTo(4);
        JsonNode octo = metrics(stack, OCTO_2020);
        assertThat(octo.path("dora").path("deployments").asLong()).as(octo.toString()).isEqualTo(1);
    }

    private JsonNode metrics(EmbeddedStack stack, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + stack.config().get(DsmConfig.REST_PORT)
                + "/api/v1/metrics?" + query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(query + " " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static CliRunner.Result load(String lines, EmbeddedStack stack) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
            return CliRunner.run("load", "-", "--bootstrap-server", stack.bootstrapServers());
        } finally {
            System.setIn(stdin);
        }
    }
}
