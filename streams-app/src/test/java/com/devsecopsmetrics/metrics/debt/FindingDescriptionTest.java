package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.metrics.coverage.OpenFindings;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.coverage.ServiceView;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingLocation;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The service page's finding details: newest known value of each, as of the date, and only the known ones shown. */
class FindingDescriptionTest {
    private static Finding.Builder event(FindingStatus status, String at) {
        return Finding.newBuilder().setFindingId("F-1").setServiceId("pay").setStatus(status).setOccurredAt(Instant.parse(at))
                .setSeverity(Severity.HIGH).setExploitability(Exploitability.LIKELY).setCategory(FindingCategory.CODE)
                .setDefectClass("CWE-89").setInNewCode(false);
    }

    private static final List<Finding> HISTORY = List.of(
            event(FindingStatus.OPENED, "2026-03-01T00:00:00Z").setScanner("CodeQL").setRuleId("java/sql-injection")
                    .setTitle("Query built from user-controlled sources").setLocation(new FindingLocation("acme/pay", "src/A.java", 84))
                    .setUrl("https://github.com/acme/pay/security/code-scanning/10").build(),
            // a state change that says nothing else keeps what the scanner said
            event(FindingStatus.TRIAGED, "2026-03-02T00:00:00Z").build(),
            event(FindingStatus.OPENED, "2026-03-05T00:00:00Z").setScanner("CodeQL").setLocation(new FindingLocation("acme/pay", "src/B.java", null))
                    .setCveIds(List.of("CVE-2021-44228")).build());

    @Test
    void eachDetailIsTheNewestOneSentUpToTheDate() {
        FindingDescription d = FindingDescription.of(HISTORY, Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(d).isEqualTo(new FindingDescription("Query built from user-controlled sources", "java/sql-injection", "CWE-89",
                new FindingDescription.Location("acme/pay", "src/A.java", 84), "https://github.com/acme/pay/security/code-scanning/10",
                null, "CodeQL"));
        FindingDescription later = FindingDescription.of(HISTORY, Instant.parse("2026-03-06T00:00:00Z"));
        assertThat(later.location()).isEqualTo(new FindingDescription.Location("acme/pay", "src/B.java", null));
        assertThat(later.cveIds()).containsExactly("CVE-2021-44228");
        assertThat(later.title()).isEqualTo("Query built from user-controlled sources");
        assertThat(FindingDescription.of(HISTORY, Instant.parse("2026-02-01T00:00:00Z"))).isNull();
    }

    @Test
    void theServiceViewShowsOnlyKnownDetailsAndAnInstanceCanSendThem() throws Exception {
        OpenFindings.OpenFinding open = new OpenFindings.OpenFinding("F-1", Severity.HIGH, Exploitability.LIKELY, 3.0)
                .described(FindingDescription.of(HISTORY, Instant.parse("2026-03-03T00:00:00Z")));
        String json = ContractJson.mapper().writeValueAsString(open);
        assertThat(ContractJson.mapper().readValue(json, OpenFindings.OpenFinding.class)).isEqualTo(open);
        ServiceSnapshot service = new ServiceSnapshot("pay", true, "red", Tier.TIER_1, true, Set.of(), false, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = ((Map<String, List<Map<String, Object>>>) asJson(ServiceView.of(service, List.of(open),
                LocalDate.parse("2026-03-02"), RiskWeights.DEFAULT)).get("open_findings")).get("HIGH").get(0);
        assertThat(shown).containsEntry("title", "Query built from user-controlled sources").containsEntry("rule_id", "java/sql-injection")
                .containsEntry("defect_class", "CWE-89").containsEntry("url", "https://github.com/acme/pay/security/code-scanning/10")
                .containsEntry("scanner", "CodeQL").containsEntry("location", Map.of("repository", "acme/pay", "path", "src/A.java", "start_line", 84))
                .doesNotContainKey("cve_ids");
        @SuppressWarnings("unchecked")
        Map<String, Object> bare = ((Map<String, List<Map<String, Object>>>) asJson(ServiceView.of(service,
                List.of(new OpenFindings.OpenFinding("F-2", Severity.LOW, Exploitability.THEORETICAL, 1.0)),
                LocalDate.parse("2026-03-02"), RiskWeights.DEFAULT)).get("open_findings")).get("LOW").get(0);
        assertThat(bare).containsOnlyKeys("finding_id", "exploitability", "age_days", "risk");
    }

    /** The page as the API renders it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asJson(ServiceView.Page page) {
        return ContractJson.mapper().convertValue(page, Map.class);
    }
}
