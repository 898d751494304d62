package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingLocation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The details each converter reads from the shared and real fixtures, values copied by hand from the files. */
class FindingDetailsFixturesTest {
    private final Converters converters = new Converters(MappingConfig.defaultConfig());

    private List<Finding> findings(Converters.Source source, byte[] payload, SourceContext ctx) {
        List<Finding> findings = converters.convert(source, payload, ctx).ofKind("findings").stream().map(e -> (Finding) e.value()).toList();
        findings.forEach(f -> ContractRules.defaults().check(f, Fixtures.RECEIVED.toEpochMilli()));
        return findings;
    }

    private List<Finding> sarif(String file) {
        return findings(Converters.Source.SARIF, Fixtures.shared("sarif", file), Fixtures.ctx().withService("web"));
    }

    private Finding github(String file) {
        return findings(Converters.Source.GITHUB, Fixtures.shared("github-webhooks", file), Fixtures.ctx()).get(0);
    }

    @Test
    void codeQlSarifGivesRuleTitleFileAndLine() {
        Finding f = sarif("codeQL-output.sarif").get(0);
        assertThat(f.getRuleId()).isEqualTo("py/empty-except");
        assertThat(f.getTitle()).isEqualTo("Empty except"); // rule 19's shortDescription, not the longer message
        assertThat(f.getLocation()).isEqualTo(new FindingLocation("web", "good/db_init.py", 39));
        assertThat(f.getUrl()).isNull(); // no helpUri, no versionControlProvenance
        assertThat(f.getCveIds()).isNull();
    }

    @Test
    void semgrepTitleIsItsDescriptionOnOneLine() {
        Finding f = sarif("semgrepowasp-benchmark-sample.sarif").get(0);
        assertThat(f.getRuleId()).isEqualTo("java.lang.security.audit.cbc-padding-oracle.cbc-padding-oracle");
        assertThat(f.getTitle()).startsWith("Using CBC with PKCS5Padding is susceptible to padding orcale attacks. A malicious actor could discern")
                .doesNotContain("\n");
        assertThat(f.getLocation()).isEqualTo(new FindingLocation("web", "src/main/java/org/owasp/benchmark/testcode/BenchmarkTest02660.java", 59));
    }

    @Test
    void gitleaksHasNoRuleIdSoTheMessageIsTheTitle() {
        Finding f = sarif("gitleaks_7.5.0.sarif").get(0);
        assertThat(f.getRuleId()).isNull();
        assertThat(f.getTitle()).isEqualTo("AWS Access Key secret detected");
        assertThat(f.getLocation()).isEqualTo(new FindingLocation("web",
                "dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json", 13));
    }

    @Test
    void aSarifRunWithHelpLinksCvesAndARepositoryLinksThem() {
        String log = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Trivy","rules":[{"id":"CVE-2021-44228","shortDescription":{"text":"log4j-core: Remote code injection"},
                  "helpUri":"https://avd.aquasec.com/nvd/cve-2021-44228","properties":{"tags":["vulnerability","security","CRITICAL","cve-2021-45046"]}},
                  {"id":"semgrep.rule","shortDescription":{"text":"XSS"},"helpUri":"javascript:alert(1)"}]}},
                 "versionControlProvenance":[{"repositoryUri":"https://github.com/acme/pay.git","revisionId":"abc123"}],
                 "results":[{"ruleId":"CVE-2021-44228","ruleIndex":0,"message":{"text":"Package: log4j-core"},
                   "locations":[{"physicalLocation":{"artifactLocation":{"uri":"pom.xml"},"region":{"startLine":0}}}]},
                  {"ruleId":"semgrep.rule","ruleIndex":1,"message":{"text":"m"},
                   "locations":[{"physicalLocation":{"artifactLocation":{"uri":"web/a.js"},"region":{"startLine":7}}}]}]}]}""";
        List<Finding> f = findings(Converters.Source.SARIF, log.getBytes(StandardCharsets.UTF_8), Fixtures.ctx().withService("pay"));
        assertThat(f.get(0).getCveIds()).containsExactly("CVE-2021-44228", "CVE-2021-45046");
        assertThat(f.get(0).getUrl()).isEqualTo("https://avd.aquasec.com/nvd/cve-2021-44228");
        assertThat(f.get(0).getLocation()).isEqualTo(new FindingLocation("acme/pay", "pom.xml", null)); // line 0 is no line
        // a script link is left out; the line in the repository the run names stands in
        assertThat(f.get(1).getUrl()).isEqualTo("https://github.com/acme/pay/blob/abc123/web/a.js#L7");
    }

    @Test
    void gitHubCodeScanningAlertsGiveRuleTitleFileLineLinkAndCves() {
        Finding fixed = github("code_scanning_alert.fixed.3.json");
        assertThat(fixed.getRuleId()).isEqualTo("java/sql-injection");
        assertThat(fixed.getTitle()).isEqualTo("Query built from user-controlled sources");
        assertThat(fixed.getLocation()).isEqualTo(new FindingLocation("Codertocat/Hello-World",
                "src/main/java/com/github/demo/service/BookService.java", 84));
        assertThat(fixed.getUrl()).isEqualTo("https://github.com/Codertocat/Hello-World/security/code-scanning/10");
        Finding anchore = github("code_scanning_alert.closed_by_user.1.json");
        assertThat(anchore.getRuleId()).isEqualTo("ANCHOREVULN_CVE-2020-27218_java-archive_http2-hpack_9.4.27.v20200227");
        assertThat(anchore.getCveIds()).containsExactly("CVE-2020-27218");
        assertThat(anchore.getTitle()).isEqualTo("CVE-2020-27218 Severity=Medium Package=http2-hpack Version=9.4.27.v20200227");
        assertThat(anchore.getLocation()).isNull(); // most_recent_instance is null
    }

    @Test
    void dependabotAndSecretScanningAlertsGiveWhatTheirPayloadsCarry() {
        Finding dependabot = findings(Converters.Source.GITHUB, Fixtures.payload("github/dependabot_alert.created.json"), Fixtures.ctx()).get(0);
        assertThat(dependabot.getRuleId()).isEqualTo("GHSA-rf4j-j272-fj86");
        assertThat(dependabot.getTitle()).isEqualTo("Django allows remote attackers to obtain potentially sensitive information");
        assertThat(dependabot.getCveIds()).containsExactly("CVE-2018-6188");
        assertThat(dependabot.getLocation()).isEqualTo(new FindingLocation("octo-org/octo-repo", "requirements.txt", null));
        Finding secret = findings(Converters.Source.GITHUB, Fixtures.payload("github/secret_scanning_alert.created.json"), Fixtures.ctx()).get(0);
        assertThat(secret.getRuleId()).isEqualTo("mailchimp_api_key");
        assertThat(secret.getTitle()).isEqualTo("Mailchimp API Key");
        assertThat(secret.getLocation()).isNull();
    }
}
