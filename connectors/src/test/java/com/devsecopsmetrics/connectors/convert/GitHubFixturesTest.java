package com.devsecopsmetrics.connectors.convert;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.connectors.convert.Fixtures.summaries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every GitHub example in ../shared/fixtures/github-webhooks, each converted on its own (a fresh converter, so no
 * earlier push links to a deployment), with the expected events written by hand from the file. A file here without
 * an expectation fails {@link #everyFixtureHasAnExpectation()}.
 */
class GitHubFixturesTest {
    private static final String HELLO = "Codertocat/Hello-World";
    private static final String DEPLOYMENT = "deployment 145988746 service=Hello-World env=production SUCCEEDED at=2019-05-15T15:20:55Z "
            + "commits=[f95f852bd8fca8fcc58a9a2d6c842781e32a215e] gate=NOT_RUN";
    private static final String PUSH_COMMIT = "commit 6113728f27ae82c7b1a177c8d03f9e96e0adf246 service=Hello-World repo=" + HELLO
            + " author=Codertocat at=2019-05-15T15:19:25Z";
    private static final String ISSUE_SKIP = "issue github:Codertocat/Hello-World#1 is not an incident: no 'incident' label";

    /** File → expected event summaries, or "skip: <part of the reason>". Default mapping. */
    private static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        for (int i = 0; i <= 3; i++) {
            EXPECTED.put("ping." + i + ".json", List.of("skip: ping (hook "));
            EXPECTED.put("deployment.created." + i + ".json", List.of("skip: deployment 145988746 created: it has no outcome yet"));
        }
        EXPECTED.put("push.0.json", List.of("skip: push to refs/tags/simple-tag carries no commits"));
        for (String n : List.of("1", "2", "3", "6")) {
            EXPECTED.put("push." + n + ".json", List.of("skip: push to refs/tags/simple-tag (deleted) carries no commits"));
        }
        EXPECTED.put("push.4.json", List.of(PUSH_COMMIT));
        EXPECTED.put("push.5.json", List.of(PUSH_COMMIT)); // no username: the author's name, also Codertocat
        EXPECTED.put("deployment_status.created.0.json", List.of(DEPLOYMENT));
        EXPECTED.put("deployment_status.created.1.json", List.of("skip: deployment 145988746 status 'in_progress' is not final"));
        EXPECTED.put("deployment_status.created.2.json", List.of(DEPLOYMENT));
        EXPECTED.put("deployment_status.created.3.json", List.of(DEPLOYMENT));
        EXPECTED.put("workflow_run.completed.0.json", List.of("skip: workflow 'Manually triggered workflow' (run 1589141559) is not a deployment workflow"));
        for (String f : List.of("workflow_run.completed.1.json", "workflow_run.completed.2.json", "workflow_run.requested.3.json", "workflow_run.requested.4.json")) {
            EXPECTED.put(f, List.of("skip: workflow 'test' (run 289782451) is not a deployment workflow (github.deployment.workflows)"));
        }
        for (String f : List.of("issues.labeled.9.json", "issues.labeled.10.json", "issues.opened.15.json", "issues.opened.16.json",
                "issues.opened.17.json", "issues.opened.18.json", "issues.reopened.20.json")) {
            EXPECTED.put(f, List.of("skip: " + ISSUE_SKIP));
        }
        String alert = "finding github:Codertocat/Hello-World:code-scanning:10 service=Hello-World ";
        EXPECTED.put("code_scanning_alert.closed_by_user.1.json", List.of(alert + "FALSE_POSITIVE HIGH THEORETICAL CONTAINER "
                + "ANCHOREVULN_CVE-2020-27218_java-archive_http2-hpack_9.4.27.v20200227 new=false at=2021-02-11T02:59:08Z "
                + "scanner=Anchore Container Vulnerability Report (T0)"));
        EXPECTED.put("code_scanning_alert.created.2.json", List.of(alert + "OPENED HIGH THEORETICAL CODE java/sql-injection new=true "
                + "at=2021-02-11T03:10:43Z scanner=CodeQL"));
        // fixed_at and updated_at are null in this example: the time of receipt stands in
        EXPECTED.put("code_scanning_alert.fixed.3.json", List.of(alert + "FIXED HIGH THEORETICAL CODE java/sql-injection new=false "
                + "at=2026-01-01T00:00:00Z scanner=CodeQL"));
        EXPECTED.put("code_scanning_alert.reopened.0.json", List.of(alert + "REOPENED LOW THEORETICAL CODE Style/FrozenStringLiteralComment "
                + "new=false at=2020-07-22T14:06:31Z scanner=Rubocop"));
        for (String f : List.of("code_scanning_alert.reopened.4.json", "code_scanning_alert.reopened.5.json")) {
            EXPECTED.put(f, List.of(alert + "REOPENED LOW THEORETICAL CODE Style/FrozenStringLiteralComment new=false "
                    + "at=2026-01-01T00:00:00Z scanner=Rubocop"));
        }
    }

    private static Conversion convert(String file, MappingConfig mapping) {
        String type = file.substring(0, file.indexOf('.')); // the X-GitHub-Event of the example
        return new Converters(mapping).convert(Converters.Source.GITHUB, Fixtures.shared("github-webhooks", file),
                Fixtures.ctx().withEventType(type));
    }

    @Test
    void everyFixtureHasAnExpectation() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(Fixtures.files("github-webhooks"));
    }

    @Test
    void everyFixtureConvertsToTheEventsWorkedOutByHand() {
        EXPECTED.forEach((file, expected) -> {
            Conversion c = convert(file, MappingConfig.defaultConfig());
            if (expected.get(0).startsWith("skip: ")) {
                assertThat(c.events()).as(file).isEmpty();
                assertThat(c.skipped()).as(file).singleElement().asString().startsWith(expected.get(0).substring("skip: ".length()));
            } else {
                assertThat(summaries(c)).as(file).containsExactlyElementsOf(expected);
                assertThat(c.skipped()).as(file).isEmpty();
            }
        });
    }

    @Test
    void theEventTypeIsInferredFromTheFieldsWhenNoHeaderGivesIt() {
        for (String file : Fixtures.files("github-webhooks")) {
            var payload = Payloads.parse(Fixtures.shared("github-webhooks", file));
            assertThat(GitHubConverter.infer(payload)).as(file).contains(file.substring(0, file.indexOf('.')));
        }
    }

    @Test
    void issuesCarryingTheConfiguredLabelAreIncidents() {
        MappingConfig bugIsIncident = MappingConfig.from(Map.of(MappingConfig.INCIDENT_LABEL, "bug"));
        String opened = "incident github:Codertocat/Hello-World#1 service=Hello-World OPENED at=2019-05-15T15:20:18Z "
                + "opened=2019-05-15T15:20:18Z kind=OUTAGE security=false cause=null";
        for (String f : List.of("issues.opened.15.json", "issues.opened.16.json", "issues.opened.17.json", "issues.opened.18.json",
                "issues.labeled.9.json", "issues.labeled.10.json")) {
            assertThat(summaries(convert(f, bugIsIncident))).as(f).containsExactly(opened);
        }
        assertThat(summaries(convert("issues.reopened.20.json", bugIsIncident))).containsExactly(
                "incident github:Codertocat/Hello-World#1 service=Hello-World OPENED at=2021-10-11T16:40:56Z "
                        + "opened=2021-07-05T18:05:24Z kind=OUTAGE security=false cause=null");
    }

    @Test
    void runsOfAConfiguredDeploymentWorkflowAreProductionDeployments() {
        MappingConfig testDeploys = MappingConfig.from(Map.of(MappingConfig.GITHUB_DEPLOYMENT_WORKFLOWS, "^test$",
                MappingConfig.SERVICE_MAP, "octo-org/octo-repo=octo"));
        String run = "deployment workflow-run-289782451 service=octo env=production SUCCEEDED at=2020-10-05T16:33:49Z "
                + "commits=[3484a3fb816e0859fd6e1cea078d76385ff50625] gate=NOT_RUN";
        assertThat(summaries(convert("workflow_run.completed.1.json", testDeploys))).containsExactly(run);
        assertThat(summaries(convert("workflow_run.completed.2.json", testDeploys))).containsExactly(run);
        assertThat(convert("workflow_run.requested.3.json", testDeploys).skipped()).singleElement().asString()
                .isEqualTo("workflow run 289782451 is not completed (action requested, status queued)");
        assertThat(convert("workflow_run.requested.4.json", testDeploys).skipped()).singleElement().asString()
                .isEqualTo("workflow run 289782451 is not completed (action requested, status completed)");
    }

    @Test
    void aDeploymentShipsThePushesSinceTheLastProductionDeploymentInEitherArrivalOrder() {
        Converters pushFirst = new Converters(MappingConfig.defaultConfig());
        byte[] push = Fixtures.shared("github-webhooks", "push.4.json");
        byte[] deployed = Fixtures.shared("github-webhooks", "deployment_status.created.0.json");
        pushFirst.convert(Converters.Source.GITHUB, push, Fixtures.ctx().withEventType("push"));
        Conversion d = pushFirst.convert(Converters.Source.GITHUB, deployed, Fixtures.ctx().withEventType("deployment_status"));
        List<String> both = List.of("6113728f27ae82c7b1a177c8d03f9e96e0adf246", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        assertThat(((com.devsecopsmetrics.events.Deployment) d.events().get(0).value()).getCommitIds()).isEqualTo(both);

        // The same deployment delivered again ships the same commits, not the (empty) pending list.
        Conversion again = pushFirst.convert(Converters.Source.GITHUB, deployed, Fixtures.ctx().withEventType("deployment_status"));
        assertThat(((com.devsecopsmetrics.events.Deployment) again.events().get(0).value()).getCommitIds()).isEqualTo(both);
    }

    @Test
    void anIncidentNamingACommitIsLinkedToTheDeploymentThatShippedIt() {
        Converters converters = new Converters(MappingConfig.from(Map.of(MappingConfig.INCIDENT_LABEL, "bug")));
        converters.convert(Converters.Source.GITHUB, Fixtures.shared("github-webhooks", "deployment_status.created.0.json"),
                Fixtures.ctx().withEventType("deployment_status"));
        String issue = new String(Fixtures.shared("github-webhooks", "issues.opened.15.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("It looks like you accidently spelled 'commit' with two 't's.", "Root cause: f95f852bd8f");
        Conversion c = converters.convert(Converters.Source.GITHUB, issue.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Fixtures.ctx().withEventType("issues"));
        assertThat(((com.devsecopsmetrics.events.Incident) c.events().get(0).value()).getCausedByDeploymentId()).isEqualTo("145988746");
    }
}
