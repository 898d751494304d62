package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.Severity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every SARIF log in ../shared/fixtures/sarif, with counts, statuses and severities worked out by hand from each file. */
class SarifFixturesTest {
    private static final List<String> FILES = List.of("appendix_k1.sarif", "appendix_k2.sarif", "appendix_k3.sarif", "appendix_k4.sarif",
            "codeQL-output.sarif", "gitleaks_7.5.0.sarif", "no_runs.sarif", "semgrepowasp-benchmark-sample.sarif", "suppression_test.sarif");

    private static Conversion convert(String file, SourceContext ctx) {
        return new Converters(MappingConfig.defaultConfig()).convert(Converters.Source.SARIF, Fixtures.shared("sarif", file), ctx);
    }

    private static Conversion convert(String file) {
        return convert(file, Fixtures.ctx().withService("web"));
    }

    private static ScanResult scan(Conversion c) {
        assertThat(c.ofKind("scan-results")).hasSize(1);
        return (ScanResult) c.ofKind("scan-results").get(0).value();
    }

    private static List<Finding> findings(Conversion c) {
        return c.ofKind("findings").stream().map(e -> (Finding) e.value()).toList();
    }

    /** "rule or defect class → status severity" counts, to compare with the tallies made by hand. */
    private static Map<String, Long> tally(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(f -> f.getDefectClass() + " " + f.getStatus() + " " + f.getSeverity(),
                TreeMap::new, Collectors.counting()));
    }

    @Test
    void everyFixtureIsCovered() {
        assertThat(Fixtures.files("sarif")).containsExactlyElementsOf(FILES);
    }

    @Test
    void aLogWithoutRunsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> convert("no_runs.sarif")).isInstanceOf(UnreadablePayload.class).hasMessageStartingWith("SARIF log has no runs");
    }

    @Test
    void aRunWithNoResultsIsAPassedScan() {
        Conversion c = convert("appendix_k1.sarif");
        assertThat(Fixtures.summary(c.events().get(0))).startsWith("scan sarif:").endsWith(
                " service=web repo=web CodeScanner SAST PASSED at=2026-01-01T00:00:00Z commit=null c/h/m/l=0/0/0/0 ids=0");
        assertThat(findings(c)).isEmpty();
    }

    @Test
    void specExamplesK2AndK3() {
        // K2: C2001 has no level and its rule no defaultConfiguration: SARIF's default 'warning', MEDIUM.
        Conversion k2 = convert("appendix_k2.sarif");
        assertThat(scan(k2).getOutcome().name()).isEqualTo("FAILED");
        assertThat(Fixtures.summary(k2.events().get(0))).contains("CodeScanner SAST FAILED", "c/h/m/l=0/0/1/0 ids=1");
        assertThat(tally(findings(k2))).containsExactly(Map.entry("C2001 OPENED MEDIUM", 1L));
        // K3: a logical location only; level warning.
        Conversion k3 = convert("appendix_k3.sarif");
        assertThat(Fixtures.summary(k3.events().get(0))).contains("BinaryScanner SAST FAILED", "c/h/m/l=0/0/1/0 ids=1");
        assertThat(tally(findings(k3))).containsExactly(Map.entry("B6412 OPENED MEDIUM", 1L));
    }

    @Test
    void specExampleK4TakesTimeCommitRepositoryAndIdFromTheLog() {
        Conversion k4 = convert("appendix_k4.sarif", Fixtures.ctx()); // no service given: from versionControlProvenance
        // Its one result (level error: HIGH) is suppressed externally and accepted: RISK_ACCEPTED, so nothing is open.
        assertThat(Fixtures.summary(k4.events().get(0))).isEqualTo("scan BC650830-A9FE-44CB-8818-AD6C387279A0 service=browser "
                + "repo=example-corp/browser CodeScanner SAST PASSED at=2016-07-16T14:19:01Z commit=5da53fbb2a0aaa12d648b73984acc9aac2e11c2a "
                + "c/h/m/l=0/0/0/0 ids=1");
        assertThat(tally(findings(k4))).containsExactly(Map.entry("C2001 RISK_ACCEPTED HIGH", 1L));
        assertThat(findings(k4).get(0).getInNewCode()).isFalse(); // baselineState unchanged
    }

    @Test
    void suppressionsBecomeFalsePositiveOrRiskAcceptedByKind() {
        Conversion c = convert("suppression_test.sarif");
        // TST0001, TST0002 external (status absent = accepted): RISK_ACCEPTED; TST0003 inSource: FALSE_POSITIVE;
        // TST0004 none and TST0005 an empty list: OPENED. No levels: all MEDIUM.
        assertThat(tally(findings(c))).containsExactly(Map.entry("TST0001 RISK_ACCEPTED MEDIUM", 1L), Map.entry("TST0002 RISK_ACCEPTED MEDIUM", 1L),
                Map.entry("TST0003 FALSE_POSITIVE MEDIUM", 1L), Map.entry("TST0004 OPENED MEDIUM", 1L), Map.entry("TST0005 OPENED MEDIUM", 1L));
        assertThat(Fixtures.summary(c.events().get(0))).contains("CodeScanner SAST FAILED", "c/h/m/l=0/0/2/0 ids=5");
    }

    @Test
    void gitleaksFindsFourSecretsEachSeenInTwoCommits() {
        Conversion c = convert("gitleaks_7.5.0.sarif");
        // 8 results, no ruleId, no level: (message, file, line) pairs 1_vuln.json:13 AWS, 3_vuln.json:13 private key,
        // 3_vuln.json:44 AWS, parser.py:37 AWS, each in commits 6d127980 and 8bbcdfd7.
        assertThat(Fixtures.summary(c.events().get(0))).contains(" Gitleaks SECRETS FAILED", "c/h/m/l=0/0/4/0 ids=4");
        assertThat(findings(c)).hasSize(4).allSatisfy(f -> {
            assertThat(f.getStatus()).isEqualTo(FindingStatus.OPENED);
            assertThat(f.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.getCategory().name()).isEqualTo("SECRET");
            assertThat(f.getDefectClass()).isEqualTo("CWE-798");
            assertThat(f.getScanner()).isEqualTo("Gitleaks");
        });
    }

    @Test
    void codeQlSeverityComesFromTheRuleLevelAndTheCweFromItsTags() {
        Conversion c = convert("codeQL-output.sarif");
        // 72 results, no result level, no security-severity: the rule's defaultConfiguration.level.
        // error: wrong-named-argument 1, wrong-arguments 1, path-injection 1, reflective-xss 2, sql-injection 2, flask-debug 4 = 11 HIGH
        // warning: unreachable-statement 4 MEDIUM; note: unused-local-variable 3, empty-except 7, mixed-returns 3,
        // import-own-module 1, unused-import 40, commented-out-code 3 = 57 LOW. Each (rule, file, line hash) is distinct.
        assertThat(Fixtures.summary(c.events().get(0))).contains(" CodeQL SAST FAILED", "c/h/m/l=0/11/4/57 ids=72");
        assertThat(tally(findings(c))).containsExactly(
                Map.entry("CWE-215 OPENED HIGH", 4L), Map.entry("CWE-22 OPENED HIGH", 1L), Map.entry("CWE-390 OPENED LOW", 7L),
                Map.entry("CWE-561 OPENED MEDIUM", 4L), Map.entry("CWE-563 OPENED LOW", 3L), Map.entry("CWE-628 OPENED HIGH", 1L),
                Map.entry("CWE-685 OPENED HIGH", 1L), Map.entry("CWE-79 OPENED HIGH", 2L), Map.entry("CWE-89 OPENED HIGH", 2L),
                Map.entry("py/commented-out-code OPENED LOW", 3L), Map.entry("py/import-own-module OPENED LOW", 1L),
                Map.entry("py/mixed-returns OPENED LOW", 3L), Map.entry("py/unused-import OPENED LOW", 40L));
    }

    @Test
    void semgrepResultsWithoutFingerprintsAreKeyedByRuleAndLocation() {
        Conversion c = convert("semgrepowasp-benchmark-sample.sarif");
        // 1768 results at distinct (rule, file, line), all rules 'warning', tags without a CWE number: more than the
        // 1,000 finding_ids a scan result may list (DESIGN §7), so it is a partial scan that closes nothing, and says so.
        assertThat(Fixtures.summary(c.events().get(0))).contains(" semgrep SAST FAILED", "c/h/m/l=0/0/1768/0 ids=null");
        assertThat(c.skipped()).singleElement().asString().contains("observed 1768 findings", "partial scan");
        String p = "java.lang.security.audit.";
        assertThat(tally(findings(c))).containsExactly(
                Map.entry(p + "cbc-padding-oracle.cbc-padding-oracle OPENED MEDIUM", 41L),
                Map.entry(p + "command-injection-formatted-runtime-call.command-injection-formatted-runtime-call OPENED MEDIUM", 22L),
                Map.entry(p + "cookie-missing-httponly.cookie-missing-httponly OPENED MEDIUM", 776L),
                Map.entry(p + "cookie-missing-samesite.cookie-missing-samesite OPENED MEDIUM", 776L),
                Map.entry(p + "cookie-missing-secure-flag.cookie-missing-secure-flag OPENED MEDIUM", 36L),
                Map.entry(p + "formatted-sql-string.formatted-sql-string OPENED MEDIUM", 116L),
                Map.entry(p + "ldap-injection.ldap-injection OPENED MEDIUM", 1L));
    }

    @Test
    void theSameLogConvertedTwiceGivesTheSameIds() {
        for (String file : FILES.stream().filter(f -> !f.equals("no_runs.sarif")).toList()) {
            Conversion first = convert(file);
            Conversion second = convert(file);
            assertThat(scan(second).getFindingIds()).as(file).isEqualTo(scan(first).getFindingIds());
            assertThat(scan(second).getScanId()).as(file).isEqualTo(scan(first).getScanId());
            assertThat(findings(second).stream().map(Finding::getFindingId).toList()).as(file)
                    .isEqualTo(findings(first).stream().map(Finding::getFindingId).toList())
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aMovedLineKeepsItsFindingWhenAFingerprintExists() {
        String codeql = new String(Fixtures.shared("sarif", "codeQL-output.sarif"), StandardCharsets.UTF_8);
        // the first result is py/empty-except at good/db_init.py line 39 with a partial fingerprint
        String moved = codeql.replaceFirst("\"startLine\" : 39,", "\"startLine\" : 45,");
        assertThat(moved).isNotEqualTo(codeql);
        SourceContext ctx = Fixtures.ctx().withService("web");
        Converters converters = new Converters(MappingConfig.defaultConfig());
        List<String> before = scan(converters.convert(Converters.Source.SARIF, codeql.getBytes(StandardCharsets.UTF_8), ctx)).getFindingIds();
        List<String> after = scan(converters.convert(Converters.Source.SARIF, moved.getBytes(StandardCharsets.UTF_8), ctx)).getFindingIds();
        assertThat(after).isEqualTo(before);

        // Without fingerprints, rule and location are the identity: the moved line is another finding.
        String k2 = new String(Fixtures.shared("sarif", "appendix_k2.sarif"), StandardCharsets.UTF_8);
        String k2Moved = k2.replace("\"startLine\": 15", "\"startLine\": 16");
        assertThat(k2Moved).isNotEqualTo(k2);
        assertThat(scan(converters.convert(Converters.Source.SARIF, k2Moved.getBytes(StandardCharsets.UTF_8), ctx)).getFindingIds())
                .doesNotContainAnyElementsOf(scan(converters.convert(Converters.Source.SARIF, k2.getBytes(StandardCharsets.UTF_8), ctx)).getFindingIds());
    }

    @Test
    void securitySeverityAndExploitabilityPropertiesTakePrecedence() {
        String log = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Trivy","rules":[
                  {"id":"CVE-1","properties":{"security-severity":"9.8","tags":["vulnerability","CWE-787"]}},
                  {"id":"CVE-2","properties":{"security-severity":"7.0"}},
                  {"id":"CVE-3","properties":{"security-severity":"4.0","kev":true}},
                  {"id":"CVE-4","properties":{"security-severity":"0.1","epss":0.2}},
                  {"id":"CVE-5","properties":{"security-severity":"0"},"defaultConfiguration":{"level":"note"}}]}},
                  "results":[
                  {"ruleId":"CVE-1","level":"note","message":{"text":"a"},"fingerprints":{"b":"2","a":"1"}},
                  {"ruleId":"CVE-2","message":{"text":"b"},"baselineState":"new"},
                  {"ruleId":"CVE-3","message":{"text":"c"}},
                  {"ruleId":"CVE-4","message":{"text":"d"}},
                  {"ruleId":"CVE-5","message":{"text":"e"},"suppressions":[{"kind":"inSource","status":"rejected"}]},
                  {"ruleId":"CVE-5","message":{"text":"e"},"baselineState":"absent","locations":[{"physicalLocation":{"artifactLocation":{"uri":"x"}}}]}]}]}
                """;
        Conversion c = new Converters(MappingConfig.defaultConfig()).convert(Converters.Source.SARIF, log.getBytes(StandardCharsets.UTF_8),
                Fixtures.ctx().withService("api"));
        assertThat(findings(c).stream().map(f -> f.getDefectClass() + " " + f.getStatus() + " " + f.getSeverity() + " " + f.getExploitability()
                + " " + f.getCategory() + " new=" + f.getInNewCode()).toList()).containsExactly(
                "CWE-787 OPENED CRITICAL THEORETICAL DEPENDENCY new=false",
                "CVE-2 OPENED HIGH THEORETICAL DEPENDENCY new=true",
                "CVE-3 OPENED MEDIUM PROVEN DEPENDENCY new=false",
                "CVE-4 OPENED LOW LIKELY DEPENDENCY new=false",
                "CVE-5 OPENED LOW THEORETICAL DEPENDENCY new=false", // rejected suppression: still open; score 0: the level
                "CVE-5 FIXED LOW THEORETICAL DEPENDENCY new=false"); // absent from this run: fixed, and not observed
        ScanResult scan = scan(c);
        assertThat(scan.getScanType().name()).isEqualTo("SCA");
        assertThat(scan.getFindingIds()).hasSize(5);
        assertThat(List.of(scan.getCritical(), scan.getHigh(), scan.getMedium(), scan.getLow())).containsExactly(1, 1, 1, 2);
    }
}
