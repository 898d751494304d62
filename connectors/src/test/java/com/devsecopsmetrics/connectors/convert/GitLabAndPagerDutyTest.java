package com.devsecopsmetrics.connectors.convert;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.connectors.convert.Fixtures.summaries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GitLab's examples in ../shared/fixtures/gitlab-webhooks, the GitLab push, pipeline and deployment payloads and the
 * PagerDuty V3 payloads written from the senders' documentation (src/test/resources/payloads), and GitHub's
 * dependabot and secret scanning alerts. Expected values worked out by hand from each file.
 */
class GitLabAndPagerDutyTest {
    private final Converters converters = new Converters(MappingConfig.defaultConfig());

    private Conversion gitlab(byte[] body) {
        return converters.convert(Converters.Source.GITLAB, body, Fixtures.ctx());
    }

    @Test
    void everyGitLabFixtureConverts() {
        assertThat(Fixtures.files("gitlab-webhooks")).containsExactly("issue.json", "job.json", "merge_request.json", "tag_push.json");
        assertThat(gitlab(Fixtures.shared("gitlab-webhooks", "tag_push.json")).skipped()).singleElement().asString()
                .startsWith("tag push refs/tags/v1.0.0: a tag ships no new commits");
        assertThat(gitlab(Fixtures.shared("gitlab-webhooks", "merge_request.json")).skipped()).singleElement().asString()
                .isEqualTo("GitLab event 'merge_request' is not mapped to the contract");
        assertThat(gitlab(Fixtures.shared("gitlab-webhooks", "issue.json")).skipped()).singleElement().asString()
                .isEqualTo("issue gitlab:gitlabhq/gitlab-test#23 is not an incident: no 'incident' label (incident.label)");
        // The job deploys to production (environment.action start) and succeeded; the repository comes from its homepage.
        assertThat(summaries(gitlab(Fixtures.shared("gitlab-webhooks", "job.json")))).containsExactly(
                "deployment gitlab:31537070:job:3580121225 service=release-tools-fake env=production SUCCEEDED at=2023-01-10T13:50:54Z "
                        + "commits=[95d49d1efbd941908580e79d65e4b5ecaf4a8305] gate=NOT_RUN");
    }

    @Test
    void aGitLabIssueWithTheConfiguredLabelIsAnIncident() {
        Converters apiIsIncident = new Converters(MappingConfig.from(Map.of(MappingConfig.INCIDENT_LABEL, "API")));
        assertThat(summaries(apiIsIncident.convert(Converters.Source.GITLAB, Fixtures.shared("gitlab-webhooks", "issue.json"), Fixtures.ctx())))
                .containsExactly("incident gitlab:gitlabhq/gitlab-test#23 service=gitlab-test OPENED at=2013-12-03T17:15:43Z "
                        + "opened=2013-12-03T17:15:43Z kind=OUTAGE security=false cause=null");
    }

    @Test
    void pushPipelineAndDeploymentFromTheDocumentation() {
        assertThat(summaries(gitlab(Fixtures.payload("gitlab/push.json")))).containsExactly(
                "commit b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327 service=diaspora repo=mike/diaspora author=jordi@softcatala.org at=2011-12-12T12:27:31Z",
                "commit da1560886d4f094c3e6c9ef40349f7d38b5d27d7 service=diaspora repo=mike/diaspora author=gitlabdev@dv6700.(none) at=2012-01-03T21:36:29Z");
        // After that push, the pipeline's production job ships both commits. sast passed, secret_detection failed
        // (allowed to fail), so the gate was bypassed; 15:23:28 to 15:26:29 is 3 whole minutes.
        Conversion pipeline = gitlab(Fixtures.payload("gitlab/pipeline.json"));
        assertThat(summaries(pipeline)).containsExactly(
                "deployment gitlab:15:job:380 service=diaspora env=production SUCCEEDED at=2016-08-12T15:26:29Z "
                        + "commits=[b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327, da1560886d4f094c3e6c9ef40349f7d38b5d27d7] gate=BYPASSED");
        var d = (com.devsecopsmetrics.events.Deployment) pipeline.events().get(0).value();
        assertThat(d.getGateBypassReason()).isEqualTo("security jobs not passed: secret_detection failed");
        assertThat(d.getPipelineMinutes()).isEqualTo(3L);

        assertThat(gitlab(Fixtures.payload("gitlab/pipeline.production_skipped.json")).skipped()).singleElement().asString()
                .isEqualTo("pipeline 32: production job 'production' is skipped, so this pipeline is not a production deployment");

        // The deployment hook: 21:50 at +02:00 is 19:50 UTC; no push since the last production deployment, so just its sha.
        assertThat(summaries(gitlab(Fixtures.payload("gitlab/deployment.json")))).containsExactly(
                "deployment gitlab:15:job:796 service=diaspora env=production SUCCEEDED at=2021-04-28T19:50:00Z "
                        + "commits=[c1c67ab9bb15ad22c2e4ce7d69ea2fe6d3a1a0f2] gate=NOT_RUN");
        assertThat(summaries(gitlab(Fixtures.payload("gitlab/deployment.staging.json")))).containsExactly(
                "deployment gitlab:15:job:795 service=diaspora env=staging SUCCEEDED at=2021-04-28T19:40:00Z "
                        + "commits=[c1c67ab9bb15ad22c2e4ce7d69ea2fe6d3a1a0f2] gate=NOT_RUN");
        assertThat(gitlab(Fixtures.payload("gitlab/deployment.running.json")).skipped()).singleElement().asString()
                .isEqualTo("deployment of job 797 to production is running: not a final deployment outcome");
    }

    @Test
    void pagerDutyTriggeredAndResolvedAreAnIncidentAcknowledgedIsAReportedSkip() {
        Converters c = new Converters(MappingConfig.from(Map.of(MappingConfig.SERVICE_MAP, "PF9KMXH=checkout")));
        // The title names deployment 145988746 as root cause; P1 is no kind label, so OUTAGE.
        assertThat(summaries(c.convert(Converters.Source.PAGERDUTY, Fixtures.payload("pagerduty/incident.triggered.json"), Fixtures.ctx())))
                .containsExactly("incident pagerduty:PGR0VU2 service=checkout OPENED at=2020-10-02T18:45:22.169Z opened=2020-10-02T18:45:21Z "
                        + "kind=OUTAGE security=false cause=145988746");
        assertThat(c.convert(Converters.Source.PAGERDUTY, Fixtures.payload("pagerduty/incident.acknowledged.json"), Fixtures.ctx()).skipped())
                .singleElement().asString().startsWith("PagerDuty incident.acknowledged for PGR0VU2: acknowledging changes no incident state");
        assertThat(summaries(c.convert(Converters.Source.PAGERDUTY, Fixtures.payload("pagerduty/incident.resolved.json"), Fixtures.ctx())))
                .containsExactly("incident pagerduty:PGR0VU2 service=checkout RESOLVED at=2020-10-02T20:15:22.500Z opened=2020-10-02T18:45:21Z "
                        + "kind=OUTAGE security=false cause=145988746");
        assertThat(c.convert(Converters.Source.PAGERDUTY, Fixtures.payload("pagerduty/incident.priority_updated.json"), Fixtures.ctx()).skipped())
                .containsExactly("PagerDuty event type 'incident.priority_updated' is not mapped to the contract");
        // Without a service.map entry the PagerDuty service name becomes the service id.
        assertThat(((com.devsecopsmetrics.events.Incident) converters.convert(Converters.Source.PAGERDUTY,
                Fixtures.payload("pagerduty/incident.triggered.json"), Fixtures.ctx()).events().get(0).value()).getServiceId()).isEqualTo("api-service");
    }

    @Test
    void dependabotAndSecretScanningAlerts() {
        Conversion created = converters.convert(Converters.Source.GITHUB, Fixtures.payload("github/dependabot_alert.created.json"), Fixtures.ctx());
        // EPSS 0.00418 is below the 0.01 PLAUSIBLE threshold: THEORETICAL; CWE-200 from the advisory.
        assertThat(summaries(created)).containsExactly("finding github:octo-org/octo-repo:dependabot:2 service=octo-repo OPENED HIGH THEORETICAL "
                + "DEPENDENCY CWE-200 new=false at=2022-06-15T07:43:03Z scanner=dependabot");
        assertThat(summaries(converters.convert(Converters.Source.GITHUB, Fixtures.payload("github/dependabot_alert.dismissed.json"), Fixtures.ctx())))
                .containsExactly("finding github:octo-org/octo-repo:dependabot:2 service=octo-repo RISK_ACCEPTED HIGH THEORETICAL "
                        + "DEPENDENCY CWE-200 new=false at=2022-06-20T10:00:00Z scanner=dependabot");
        // An active secret: CRITICAL and LIKELY exploitable; revoked resolves it as FIXED.
        assertThat(summaries(converters.convert(Converters.Source.GITHUB, Fixtures.payload("github/secret_scanning_alert.created.json"), Fixtures.ctx())))
                .containsExactly("finding github:octo-org/octo-repo:secret-scanning:3 service=octo-repo OPENED CRITICAL LIKELY SECRET CWE-798 "
                        + "new=false at=2023-03-01T10:11:12Z scanner=github-secret-scanning");
        assertThat(summaries(converters.convert(Converters.Source.GITHUB, Fixtures.payload("github/secret_scanning_alert.resolved.json"), Fixtures.ctx())))
                .containsExactly("finding github:octo-org/octo-repo:secret-scanning:3 service=octo-repo FIXED CRITICAL LIKELY SECRET CWE-798 "
                        + "new=false at=2023-03-01T14:41:12Z scanner=github-secret-scanning");
    }

    @Test
    void badInputIsAnUnreadablePayloadSayingWhy() {
        assertThatThrownBy(() -> gitlab("{\"object_kind\": \"push\", ".getBytes())).isInstanceOf(MalformedPayload.class)
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> gitlab("[1,2]".getBytes())).isInstanceOf(MalformedPayload.class).hasMessage("expected a JSON object");
        assertThatThrownBy(() -> gitlab("{\"hello\": 1}".getBytes())).isInstanceOf(UnreadablePayload.class)
                .hasMessage("not a GitLab webhook payload: no 'object_kind'");
        assertThatThrownBy(() -> converters.convert(Converters.Source.PAGERDUTY, "{\"messages\": []}".getBytes(), Fixtures.ctx()))
                .isInstanceOf(UnreadablePayload.class).hasMessageContaining("event.event_type");
        String badTime = new String(Fixtures.payload("gitlab/push.json")).replace("2011-12-12T14:27:31+02:00", "2011-12-12 14:27:31");
        assertThatThrownBy(() -> gitlab(badTime.getBytes())).isInstanceOf(UnreadablePayload.class)
                .hasMessageContaining("field 'timestamp'").hasMessageContaining("no time zone");
        assertThat(converters.convert(Converters.Source.GITHUB, "{\"zen\":\"x\"}".getBytes(), Fixtures.ctx().withEventType("star")).skipped())
                .containsExactly("GitHub event type 'star' is not mapped to the contract");
    }
}
