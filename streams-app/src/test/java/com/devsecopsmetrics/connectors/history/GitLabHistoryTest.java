package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.history.RecordedApi.Answer;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.SecurityGate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A GitLab import against recorded REST answers (project, two pages of commits behind a spent {@code RateLimit-*}
 * budget, deployments, the deploying pipeline's jobs): the deployment is the one the job hook of the same job gives,
 * with the pipeline's security gate; the staging deployment still running gives nothing.
 */
class GitLabHistoryTest {
    private static final String PROJECT = "/projects/jsmithy2%2Frelease-tools-fake";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aDeploymentIsTheOneTheJobHookOfItsJobGivesWithItsPipelinesGate() throws IOException {
        List<Duration> pauses = new ArrayList<>();
        List<ContractEvent> imported = new ArrayList<>();
        try (RecordedApi api = new RecordedApi()) {
            api.on(PROJECT, Answer.json("gitlab/project.json"))
                    .on("/projects/31537070/repository/commits", Answer.json("gitlab/commits.1.json")
                            .withHeader("Link", api.link("/projects/31537070/repository/commits", 2)))
                    .on("/projects/31537070/repository/commits?page=2", Answer.json("gitlab/commits.2.json")
                            .withHeader("RateLimit-Remaining", "0")
                            .withHeader("RateLimit-Reset", Long.toString(Instant.now().plusSeconds(20).getEpochSecond())))
                    .on("/projects/31537070/deployments", Answer.json("gitlab/deployments.json"))
                    .on("/projects/31537070/pipelines/743121198/jobs", Answer.json("gitlab/jobs.json"));
            ApiClient client = new ApiClient(api.base(), ApiCredential.gitlab("glpat-recorded"), pauses::add, Duration.ofMillis(1));
            HistoryImport history = new HistoryImport(new Converters(MappingConfig.defaultConfig()), Checkpoint.open(null), events -> {
                imported.addAll(events);
                return 0;
            }, ImportProgress.SILENT, 100);
            for (HistoryScopes.Scope s : new HistoryScopes(HistorySource.GITLAB, client, MappingConfig.defaultConfig(), ImportProgress.SILENT)
                    .of(List.of(), null, List.of("jsmithy2/release-tools-fake"), null, List.of(), null)) {
                history.run(s.name(), s.payloads().get());
            }
            assertThat(api.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("glpat-recorded"));
        }

        assertThat(pauses).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(22)));
        assertThat(imported).extracting(ContractEvent::kind).containsExactly("commits", "commits", "deployments");
        Deployment fromImport = (Deployment) imported.get(2).value();
        // the job hook alone, after the same two pushes: the deployment the webhook connector gives for this job
        Converters webhooks = new Converters(MappingConfig.defaultConfig());
        for (String sha : List.of("6104942438c14ec7bd21c6cd5bd995272b3faff6", "95d49d1efbd941908580e79d65e4b5ecaf4a8305")) {
            ObjectNode push = MAPPER.createObjectNode().put("object_kind", "push");
            push.putObject("project").put("id", 31537070).put("path_with_namespace", "jsmithy2/release-tools-fake");
            push.putArray("commits").addObject().put("id", sha).put("timestamp", "2023-01-10T13:49:41Z");
            webhooks.convert(Converters.Source.GITLAB, MAPPER.writeValueAsBytes(push), SourceContext.receivedAt(Instant.EPOCH));
        }
        byte[] jobHook = Files.readAllBytes(Path.of(System.getProperty("fixtures.dir", "../connectors/src/test/fixtures"))
                .resolve("gitlab-webhooks/job.json"));
        Deployment fromHook = (Deployment) webhooks.convert(Converters.Source.GITLAB, jobHook, SourceContext.receivedAt(Instant.EPOCH))
                .events().get(0).value();
        // the same deployment, with what only its pipeline's jobs tell: the security gate and the pipeline's minutes
        fromHook.setSecurityGate(SecurityGate.BYPASSED);
        fromHook.setGateBypassReason("security jobs not passed: secret_detection failed");
        fromHook.setPipelineMinutes(2L);
        assertThat(fromImport).isEqualTo(fromHook);
        assertThat(fromImport.getDeploymentId()).isEqualTo("gitlab:31537070:job:3580121225");
        assertThat(fromImport.getCommitIds()).containsExactly("6104942438c14ec7bd21c6cd5bd995272b3faff6",
                "95d49d1efbd941908580e79d65e4b5ecaf4a8305");
    }

    @Test
    void aPathThatIsNotAProjectPathNeverReachesAUrl() {
        GitLabHistory gitlab = new GitLabHistory(ApiClient.of(URI.create("http://127.0.0.1:9"), ApiCredential.none()), MappingConfig.defaultConfig(),
                ImportProgress.SILENT);
        for (String path : List.of("../../admin", "group/project?private_token=x", "group//project", "")) {
            assertThatThrownBy(() -> gitlab.payloads(path, null)).as(path).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a GitLab project or group path");
        }
    }
}
