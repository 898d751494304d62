package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Conversion;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import com.devsecopsmetrics.connectors.history.RecordedApi.Answer;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingLocation;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GitLab vulnerabilities imported from two recorded pages of {@code GET /projects/:id/vulnerabilities}: a SAST
 * finding detected then resolved, a dependency dismissed as an acceptable risk, a secret confirmed, a container
 * finding still detected, and one without a usable time (skipped whole). The expected findings are written out here.
 */
class GitLabVulnerabilitiesTest {
    private static final String PROJECT = "/projects/jsmithy2%2Frelease-tools-fake";
    private static final String VULNERABILITIES = "/projects/31537070/vulnerabilities";
    private static final String REPO = "jsmithy2/release-tools-fake";
    private static final String PAGE = "https://gitlab.com/jsmithy2/release-tools-fake/-/security/vulnerabilities/";

    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();
    private final ImportProgress progress = ImportProgress.notesTo(notes::add);

    private List<ContractEvent> importProject(RecordedApi api, Checkpoint checkpoint) throws IOException {
        List<ContractEvent> written = new ArrayList<>();
        ApiClient client = new ApiClient(api.base(), ApiCredential.gitlab("glpat-recorded"), d -> { }, Duration.ofMillis(1));
        HistoryImport history = new HistoryImport(new Converters(MappingConfig.defaultConfig()), checkpoint, events -> {
            written.addAll(events);
            return 0;
        }, progress, 3);
        for (HistoryScopes.Scope s : new HistoryScopes(HistorySource.GITLAB, client, MappingConfig.defaultConfig(), progress)
                .of(List.of(), null, List.of(REPO), null, List.of(), null)) {
            history.run(s.name(), s.payloads().get());
        }
        return written;
    }

    /** The project with one commit, no deployments, and its two pages of vulnerabilities, or a 403 for them. */
    private static RecordedApi recorded(boolean vulnerabilitiesForbidden) throws IOException {
        RecordedApi api = new RecordedApi();
        api.on(PROJECT, Answer.json("gitlab/project.json"))
                .on("/projects/31537070/repository/commits", Answer.json("gitlab/commits.2.json"))
                .on("/projects/31537070/deployments", Answer.body("[]"));
        if (vulnerabilitiesForbidden) {
            api.on(VULNERABILITIES, Answer.status(403, Map.of()));
        } else {
            api.on(VULNERABILITIES, Answer.json("gitlab/vulnerabilities.1.json").withHeader("Link", api.link(VULNERABILITIES, 2)))
                    .on(VULNERABILITIES + "?page=2", Answer.json("gitlab/vulnerabilities.2.json"));
        }
        return api;
    }

    private static Finding.Builder finding(long id, FindingStatus status, String at) {
        return Finding.newBuilder().setFindingId("gitlab:" + REPO + ":vulnerability:" + id).setServiceId("release-tools-fake")
                .setStatus(status).setOccurredAt(Instant.parse(at)).setInNewCode(false).setScanId(null).setUrl(PAGE + id)
                .setExploitability(Exploitability.THEORETICAL).setCveIds(null).setLocation(null);
    }

    private static Finding sql(FindingStatus status, String at) {
        return finding(101, status, at).setSeverity(Severity.HIGH)
                .setCategory(FindingCategory.CODE).setDefectClass("CWE-89").setScanner("Semgrep").setRuleId("bandit.B608")
                .setTitle("Improper neutralization of special elements used in an SQL Command ('SQL Injection')")
                .setLocation(new FindingLocation(REPO, "app/db.py", 42)).build();
    }

    private static Finding log4j(FindingStatus status, String at) {
        return finding(102, status, at).setSeverity(Severity.CRITICAL)
                .setCategory(FindingCategory.DEPENDENCY).setDefectClass("CVE-2021-44228").setScanner("gemnasium-maven")
                .setRuleId("b1c2d3e4-aaaa-bbbb-cccc-0123456789ab").setTitle("Improper Input Validation in org.apache.logging.log4j/log4j-core")
                .setLocation(new FindingLocation(REPO, "pom.xml", null)).setCveIds(List.of("CVE-2021-44228")).build();
    }

    private static Finding token(FindingStatus status, String at) {
        return finding(103, status, at).setSeverity(Severity.CRITICAL)
                .setExploitability(Exploitability.PLAUSIBLE).setCategory(FindingCategory.SECRET).setDefectClass("CWE-798")
                .setScanner("Gitleaks").setRuleId("gitlab_personal_access_token").setTitle("GitLab personal access token")
                .setLocation(new FindingLocation(REPO, "deploy/config.env", 3)).build();
    }

    private static Finding zlib(FindingStatus status, String at) {
        return finding(104, status, at).setSeverity(Severity.LOW)
                .setCategory(FindingCategory.CONTAINER).setDefectClass("CVE-2022-37434").setScanner("Trivy")
                .setRuleId("CVE-2022-37434").setTitle("CVE-2022-37434 in zlib").setCveIds(List.of("CVE-2022-37434")).build();
    }

    /** In time order: the four openings, the secret's confirmation, the SQL injection's fix, the dependency's acceptance. */
    private static List<Finding> expected() {
        return List.of(sql(FindingStatus.OPENED, "2023-01-11T09:00:00Z"), log4j(FindingStatus.OPENED, "2023-01-11T09:00:01Z"),
                token(FindingStatus.OPENED, "2023-01-11T09:00:02Z"), zlib(FindingStatus.OPENED, "2023-01-11T09:00:03Z"),
                token(FindingStatus.TRIAGED, "2023-01-11T15:00:00Z"), sql(FindingStatus.FIXED, "2023-01-12T10:00:00Z"),
                log4j(FindingStatus.RISK_ACCEPTED, "2023-01-13T08:30:00Z"));
    }

    private static List<Finding> findings(List<ContractEvent> events) {
        return events.stream().filter(e -> e.kind().equals("findings")).map(e -> (Finding) e.value()).toList();
    }

    @Test
    void twoPagesOfVulnerabilitiesGiveEachStateChangeInTimeOrder() throws IOException {
        List<ContractEvent> imported;
        try (RecordedApi api = recorded(false)) {
            imported = importProject(api, Checkpoint.open(null));
            assertThat(api.requests()).filteredOn(r -> r.path().equals(VULNERABILITIES)).extracting(RecordedApi.Request::query)
                    .containsExactly("per_page=100", "per_page=100&page=2");
        }
        assertThat(findings(imported)).containsExactlyElementsOf(expected());
        assertThat(imported).extracting(ContractEvent::kind).containsOnlyOnce("commits");
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("vulnerability 105").contains("skipped"));
    }

    @Test
    void aProjectWithoutUltimateSkipsVulnerabilitiesAndImportsTheRest() throws IOException {
        List<ContractEvent> imported;
        try (RecordedApi api = recorded(true)) {
            imported = importProject(api, Checkpoint.open(null));
        }
        assertThat(imported).extracting(ContractEvent::kind).containsExactly("commits");
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("vulnerabilities not read").contains("403").contains("Ultimate"));
    }

    @Test
    void aRunAfterACompleteOneWritesNothingNew() throws IOException {
        Checkpoint checkpoint = Checkpoint.open(dir.resolve("import.checkpoint"));
        try (RecordedApi api = recorded(false)) {
            assertThat(findings(importProject(api, checkpoint))).hasSize(7);
            assertThat(importProject(api, Checkpoint.open(dir.resolve("import.checkpoint")))).isEmpty();
        }
    }

    @Test
    void aPayloadWithoutANumericIdIsRefusedWholeAndGitLabsOwnHookIsSkipped() {
        Converters converters = new Converters(MappingConfig.defaultConfig());
        String withoutId = "{\"object_kind\":\"vulnerability\",\"action\":\"resolved\",\"project\":{\"id\":1,\"path_with_namespace\":\"a/b\"},"
                + "\"vulnerability\":{\"id\":\"1; drop\",\"state\":\"resolved\"}}";
        assertThatThrownBy(() -> converters.convert(Converters.Source.GITLAB, withoutId.getBytes(StandardCharsets.UTF_8),
                SourceContext.receivedAt(Instant.EPOCH))).isInstanceOf(UnreadablePayload.class).hasMessageContaining("vulnerability.id");
        String hook = "{\"object_kind\":\"vulnerability\",\"object_attributes\":{\"id\":1,\"state\":\"detected\"}}";
        Conversion c = converters.convert(Converters.Source.GITLAB, hook.getBytes(StandardCharsets.UTF_8), SourceContext.receivedAt(Instant.EPOCH));
        assertThat(c.events()).isEmpty();
        assertThat(c.skipped()).singleElement().asString().contains("bin/dsm import gitlab");
    }

    @Test
    void aDismissalAsFalsePositiveIsOneAndAnUnknownSeverityIsMedium() {
        String dismissed = "{\"object_kind\":\"vulnerability\",\"action\":\"dismissed\",\"project\":{\"id\":1,\"path_with_namespace\":\"a/b\"},"
                + "\"vulnerability\":{\"id\":7,\"state\":\"dismissed\",\"severity\":\"unknown\",\"report_type\":\"dast\","
                + "\"dismissal_reason\":\"false_positive\",\"dismissed_at\":\"2023-02-01T10:00:00Z\","
                + "\"finding\":{\"identifiers\":[{\"external_type\":\"cwe\",\"external_id\":\"79\",\"name\":\"Cross-site scripting\"}]}}}";
        Finding f = (Finding) new Converters(MappingConfig.defaultConfig()).convert(Converters.Source.GITLAB,
                dismissed.getBytes(StandardCharsets.UTF_8), SourceContext.receivedAt(Instant.EPOCH)).events().get(0).value();
        assertThat(f.getFindingId()).isEqualTo("gitlab:a/b:vulnerability:7");
        assertThat(f.getServiceId()).isEqualTo("b");
        assertThat(f.getStatus()).isEqualTo(FindingStatus.FALSE_POSITIVE);
        assertThat(f.getOccurredAt()).isEqualTo(Instant.parse("2023-02-01T10:00:00Z"));
        assertThat(f.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.getCategory()).isEqualTo(FindingCategory.CODE);
        assertThat(f.getDefectClass()).isEqualTo("CWE-79");
        assertThat(f.getScanner()).isEqualTo("gitlab-dast");
    }
}
