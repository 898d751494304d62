package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.connectors.history.GitHubRecording;
import com.devsecopsmetrics.connectors.history.RecordedApi;
import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.ingest.EventKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dsm import} to a file: the lines {@code dsm load} reads, resumed without repeating, progress as plain lines. */
class ImportCommandTest {
    @TempDir
    Path dir;

    private CliRunner.Result importGitHub(RecordedApi api, Path out) {
        return CliRunner.run("import", "github", "--repo", "Codertocat/Hello-World", "--repo", "octo-org/octo-repo", "--since", "2019-01-01",
                "--base-url", api.base().toString(), "--token-env", "DSM_IMPORT_TEST_TOKEN", "-D", "github.deployment.workflows=^test$",
                "--out", out.toString(), "--batch", "3");
    }

    @Test
    void writesLoadableLinesAndAReRunAppendsNothing() throws Exception {
        Path out = dir.resolve("history.jsonl");
        try (RecordedApi api = GitHubRecording.serve(new RecordedApi())) {
            CliRunner.Result first = importGitHub(api, out);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("total: 12 events written");
            // not a terminal: plain progress lines, the notes, and the missing token said once
            assertThat(first.err()).contains("note: DSM_IMPORT_TEST_TOKEN is not set", "github:Codertocat/Hello-World: 11/11 changes replayed",
                    "github:octo-org/octo-repo: code scanning alerts not read: GET /repos/octo-org/octo-repo/code-scanning/alerts: answered 404")
                    .doesNotContain("\r");
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(12);
            // each line is one `dsm load` takes, as it would from `dsm convert`
            LoadLines parser = new LoadLines(null, ContractRules.defaults(), Set.of());
            assertThat(lines).extracting(line -> parser.parse(line).kind())
                    .containsOnly(EventKind.COMMITS, EventKind.DEPLOYMENTS, EventKind.FINDINGS);
            assertThat(Files.readString(dir.resolve("history.jsonl.checkpoint"))).contains("github:octo-org/octo-repo");

            CliRunner.Result again = importGitHub(api, out);
            assertThat(again.out()).as(again.err()).contains("github:Codertocat/Hello-World: 11 changes, 0 events written, 11 already sent before",
                    "total: 0 events written");
            assertThat(Files.readAllLines(out)).isEqualTo(lines);
        }
    }

    @Test
    void pagerDutyWithoutATokenSaysWhichVariableToSet() {
        CliRunner.Result r = CliRunner.run("import", "pagerduty", "--token-env", "DSM_IMPORT_TEST_NO_SUCH_VARIABLE", "--out",
                dir.resolve("pd.jsonl").toString());
        assertThat(r.exitCode()).isEqualTo(ImportCommand.FAILED);
        assertThat(r.err()).contains("set the environment variable DSM_IMPORT_TEST_NO_SUCH_VARIABLE");
    }

    @Test
    void aRepositoryNameThatIsNotOneIsRefusedBeforeAnyRequest() throws Exception {
        try (RecordedApi api = new RecordedApi()) {
            CliRunner.Result r = CliRunner.run("import", "github", "--repo", "../../orgs/x", "--base-url", api.base().toString(),
                    "--out", dir.resolve("x.jsonl").toString());
            assertThat(r.exitCode()).isEqualTo(ImportCommand.FAILED);
            assertThat(r.err()).contains("not a GitHub repository (owner/name): '../../orgs/x'");
            assertThat(api.requests()).isEmpty();
        }
    }
}
