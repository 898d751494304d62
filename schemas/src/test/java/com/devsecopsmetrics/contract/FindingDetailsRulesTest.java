package com.devsecopsmetrics.contract;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingLocation;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FindingDetailsRulesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final ContractRules rules = ContractRules.defaults();

    private static Finding.Builder finding() {
        return Finding.newBuilder().setFindingId("F-1").setServiceId("payments-api").setStatus(FindingStatus.OPENED)
                .setOccurredAt(NOW).setSeverity(Severity.HIGH).setExploitability(Exploitability.LIKELY)
                .setCategory(FindingCategory.CODE).setDefectClass("CWE-89").setInNewCode(false);
    }

    private void check(Finding.Builder f) {
        rules.check(f.build(), NOW.toEpochMilli());
    }

    @Test
    void acceptsFullDetailsAtTheLimits() {
        assertThatCode(() -> check(finding().setTitle("t".repeat(4096)).setRuleId("r".repeat(256))
                .setLocation(new FindingLocation("org/repo", "src/A.java", 1)).setUrl("https://github.com/org/repo/security/1")
                .setCveIds(Collections.nCopies(1000, "CVE-2021-44228")))).doesNotThrowAnyException();
        assertThatCode(() -> check(finding().setStatus(FindingStatus.RISK_ACCEPTED)
                .setAcceptedUntil(NOW.plusSeconds(86_400L * 3660)))).doesNotThrowAnyException();
    }

    @Test
    void boundsEveryDetail() {
        assertThatThrownBy(() -> check(finding().setTitle("t".repeat(4097)))).hasMessageContaining("'title' has 4097 characters");
        assertThatThrownBy(() -> check(finding().setRuleId(""))).hasMessageContaining("'rule_id' must be 1 to 256");
        assertThatThrownBy(() -> check(finding().setLocation(new FindingLocation("org/repo", "a.java", 0))))
                .hasMessageContaining("'start_line' must be 1 or more, got 0");
        assertThatThrownBy(() -> check(finding().setLocation(new FindingLocation("a\nb", null, null))))
                .hasMessageContaining("'repository' contains the control character");
        assertThatThrownBy(() -> check(finding().setCveIds(Collections.nCopies(1001, "CVE-1")))).hasMessageContaining("'cve_ids' has 1001 items");
        assertThatThrownBy(() -> check(finding().setCveIds(List.of("")))).hasMessageContaining("'cve_ids' must be 1 to 256");
    }

    @Test
    void aLinkIsHttpOrHttpsWithAHost() {
        assertThatCode(() -> check(finding().setUrl("http://scanner.internal/r/1"))).doesNotThrowAnyException();
        for (String bad : List.of("javascript:alert(1)", "data:text/html,x", "https:///nohost", "/relative/path", "https://a b/")) {
            assertThatThrownBy(() -> check(finding().setUrl(bad))).as(bad).isInstanceOf(ContractViolation.class)
                    .hasMessageContaining("'url'");
        }
    }

    @Test
    void anExpiryBelongsToAnAcceptanceAndFollowsIt() {
        assertThatThrownBy(() -> check(finding().setAcceptedUntil(NOW.plusSeconds(60))))
                .hasMessageContaining("'accepted_until' is only allowed on a RISK_ACCEPTED event, got status OPENED");
        assertThatThrownBy(() -> check(finding().setStatus(FindingStatus.RISK_ACCEPTED).setAcceptedUntil(NOW)))
                .hasMessageContaining("must be after 'occurred_at'");
        assertThatThrownBy(() -> check(finding().setStatus(FindingStatus.RISK_ACCEPTED).setAcceptedUntil(NOW.plusSeconds(86_400L * 3661))))
                .hasMessageContaining("more than 3660 days after");
    }
}
