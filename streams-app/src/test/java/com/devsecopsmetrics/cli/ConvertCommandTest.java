package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventKind;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dsm convert} on the shared fixtures: every printed event passes the contract check of {@code dsm load}. */
class ConvertCommandTest {
    static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../connectors/src/test/fixtures"));

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(ContractJson.mapper().readTree(line));
            }
        }
        return nodes;
    }

    /** Each line is {"kind", "value"} and its value is a valid event of that kind (the same check as dsm load). */
    private static void assertContract(List<JsonNode> lines) {
        for (JsonNode line : lines) {
            EventKind kind = EventKind.parse(line.path("kind").asText()).orElseThrow();
            assertThat(ContractJson.toJsonNode(ContractJson.fromJson(kind, line.path("value")))).isEqualTo(line.path("value"));
        }
    }

    @Test
    void aPushThenItsDeploymentPrintsTheCommitAndADeploymentShippingIt() throws Exception {
        CliRunner.Result r = CliRunner.run("convert", "--from", "github",
                FIXTURES.resolve("github-webhooks/push.4.json").toString(),
                FIXTURES.resolve("github-webhooks/deployment_status.created.0.json").toString(),
                FIXTURES.resolve("github-webhooks/ping.0.json").toString());
        assertThat(r.exitCode()).isZero();
        List<JsonNode> lines = lines(r.out());
        assertContract(lines);
        assertThat(lines).extracting(l -> l.path("kind").asText()).containsExactly("commits", "deployments");
        assertThat(lines.get(1).path("value").path("commit_ids").toString())
                .isEqualTo("[\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\",\"f95f852bd8fca8fcc58a9a2d6c842781e32a215e\"]");
        assertThat(lines.get(1).path("value").path("deployed_at").asText()).isEqualTo("2019-05-15T15:20:55Z");
        assertThat(r.err()).contains("ping.0.json: skipped: ping (hook ");
    }

    @Test
    void unreadableFilesAreReportedWithWhyAndTheRestStillConvert(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.sarif"), "{\"runs\": [");
        CliRunner.Result r = CliRunner.run("convert", "--from", "sarif", "--service", "web",
                dir.resolve("missing.sarif").toString(), broken.toString(),
                FIXTURES.resolve("sarif/no_runs.sarif").toString(), FIXTURES.resolve("sarif/gitleaks_7.5.0.sarif").toString());
        assertThat(r.exitCode()).isEqualTo(ConvertCommand.SOME_UNREADABLE);
        assertThat(r.err()).contains("missing.sarif: cannot read: no such file", "broken.sarif: cannot convert: malformed JSON",
                "no_runs.sarif: cannot convert: SARIF log has no runs");
        List<JsonNode> lines = lines(r.out());
        assertContract(lines);
        // gitleaks: one scan and its 4 distinct secrets
        assertThat(lines).extracting(l -> l.path("kind").asText()).containsExactly("scan-results", "findings", "findings", "findings", "findings");
        assertThat(lines.get(0).path("value").path("service_id").asText()).isEqualTo("web");
    }

    @Test
    void everyFixtureConvertsToContractEvents() throws Exception {
        for (String[] set : new String[][]{{"github", "github-webhooks"}, {"gitlab", "gitlab-webhooks"}, {"sarif", "sarif"}}) {
            List<String> args = new ArrayList<>(List.of("convert", "--from", set[0], "--service", "svc", "-D", "incident.label=bug"));
            try (var files = Files.list(FIXTURES.resolve(set[1]))) {
                files.filter(f -> !f.getFileName().toString().equals("no_runs.sarif")).sorted().forEach(f -> args.add(f.toString()));
            }
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(set[0] + ": " + r.err()).isZero();
            assertContract(lines(r.out()));
        }
    }

    @Test
    void anEventThatBreaksTheContractsRulesIsRejectedWithTheReasonAndTheRestPrinted(@TempDir Path dir) throws Exception {
        String push = Files.readString(FIXTURES.resolve("github-webhooks/push.4.json"));
        Path future = Files.writeString(dir.resolve("push-from-2031.json"), push.replaceAll("\"timestamp\": ?\"[^\"]+\"",
                "\"timestamp\": \"2031-01-01T00:00:00Z\""));
        CliRunner.Result r = CliRunner.run("convert", "--from", "github", future.toString(),
                FIXTURES.resolve("github-webhooks/deployment_status.created.0.json").toString());
        assertThat(r.exitCode()).isEqualTo(ConvertCommand.SOME_UNREADABLE);
        assertThat(r.err()).contains("push-from-2031.json: rejected commits event: field 'committed_at': 2031-01-01T00:00:00Z",
                "event.time.max.future.ms");
        assertThat(lines(r.out())).extracting(l -> l.path("kind").asText()).containsExactly("deployments");
    }

    @Test
    void anUnknownSourceOrBadMappingIsRefused() {
        assertThat(CliRunner.run("convert", "--from", "bitbucket", "x").err()).contains("unknown --from 'bitbucket'");
        assertThat(CliRunner.run("convert", "--from", "github", "-D", "root.cause.pattern=(", "x").err())
                .contains("root.cause.pattern: not a regular expression");
    }
}
