package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.events.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A GitHub import against recorded REST answers: the events the webhooks of the same history give, once each. */
class GitHubHistoryTest {
    static final MappingConfig MAPPING = MappingConfig.from(Map.of(MappingConfig.GITHUB_DEPLOYMENT_WORKFLOWS, "^test$"));
    static final String TOKEN = "ghp_recordedTokenNeverShown";

    @TempDir
    Path dir;
    private RecordedApi api;
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        api = GitHubRecording.serve(new RecordedApi());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void importAll(Checkpoint checkpoint, EventSink sink, int batch) throws IOException {
        ApiClient client = new ApiClient(api.base(), ApiCredential.github(TOKEN), pauses::add, Duration.ofMillis(250));
        HistoryImport history = new HistoryImport(new Converters(MAPPING), checkpoint, sink, ImportProgress.SILENT, batch);
        for (HistoryScopes.Scope s : new HistoryScopes(HistorySource.GITHUB, client, MAPPING, ImportProgress.SILENT)
                .of(List.of("Codertocat/Hello-World", "octo-org/octo-repo"), null, List.of(), null, List.of(), null)) {
            history.run(s.name(), s.payloads().get());
        }
    }

    @Test
    void importGivesTheEventsTheWebhooksOfTheSameHistoryGive() throws IOException {
        List<ContractEvent> imported = new ArrayList<>();
        importAll(Checkpoint.open(null), events -> {
            imported.addAll(events);
            return 0;
        }, 500);

        List<ContractEvent> webhooks = WebhookHistory.github(MAPPING);
        assertThat(webhooks).hasSize(12);
        assertThat(imported).containsExactlyInAnyOrderElementsOf(webhooks);
        Deployment deployment = (Deployment) imported.stream().filter(e -> e.kind().equals("deployments")
                && ((Deployment) e.value()).getDeploymentId().equals("145988746")).findFirst().orElseThrow().value();
        // the pushes replayed before the deployment, in time order, link to it as the webhooks would
        assertThat(deployment.getCommitIds()).containsExactly("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
    }

    @Test
    void honoursRetryAfterRetriesA502AndFollowsPageLinks() throws IOException {
        importAll(Checkpoint.open(null), events -> 0, 500);

        assertThat(pauses).contains(Duration.ofSeconds(1), Duration.ofMillis(250)); // the 429's Retry-After, the 502's first backoff
        assertThat(api.requests()).extracting(RecordedApi.Request::query).contains("per_page=100&page=2");
        assertThat(api.requests()).filteredOn(r -> r.path().equals(GitHubRecording.HELLO + "/dependabot/alerts")).hasSize(3); // 502, page 1, page 2
        assertThat(api.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void anInterruptedRunResumedWritesEveryEventOnce() throws IOException {
        Path file = dir.resolve("import.checkpoint");
        List<ContractEvent> written = new ArrayList<>();
        int[] batches = {0};
        EventSink failsOnThirdBatch = events -> {
            if (++batches[0] == 3) {
                throw new IOException("broker went away");
            }
            written.addAll(events);
            return 0;
        };
        assertThatThrownBy(() -> importAll(Checkpoint.open(file), failsOnThirdBatch, 2)).hasMessage("broker went away");
        int firstRun = written.size();
        assertThat(firstRun).isEqualTo(4);

        importAll(Checkpoint.open(file), events -> {
            written.addAll(events);
            return 0;
        }, 2);

        assertThat(written).hasSizeGreaterThan(firstRun).containsExactlyInAnyOrderElementsOf(WebhookHistory.github(MAPPING));
    }

    @Test
    void theTokenIsInNoMessage() {
        ApiClient client = new ApiClient(api.base(), ApiCredential.github(TOKEN), pauses::add, Duration.ofMillis(1));
        assertThat(ApiCredential.github(TOKEN).toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> client.get(client.resolve("/repos/nobody/nothing")))
                .isInstanceOf(ApiUnavailable.class).hasMessageNotContaining(TOKEN).hasMessageContaining("404");
    }

    @Test
    void orgWideModeListsTheOrganisationsRepositoriesOverItsPages() {
        api.on("/orgs/Codertocat/repos", RecordedApi.Answer.body("[{\"full_name\": \"Codertocat/Hello-World\", \"archived\": false}]")
                        .withHeader("Link", api.link("/orgs/Codertocat/repos", 2)))
                .on("/orgs/Codertocat/repos?page=2", RecordedApi.Answer.body("[{\"full_name\": \"Codertocat/Spoon-Knife\", \"archived\": true},"
                        + " {\"full_name\": \"../../etc\"}]"));
        ApiClient client = new ApiClient(api.base(), ApiCredential.github(TOKEN), pauses::add, Duration.ofMillis(1));

        assertThat(new GitHubHistory(client, MAPPING, ImportProgress.SILENT).repositories("Codertocat"))
                .containsExactly("Codertocat/Hello-World", "Codertocat/Spoon-Knife");
    }
}
