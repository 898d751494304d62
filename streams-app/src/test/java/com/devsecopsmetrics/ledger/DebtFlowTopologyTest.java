package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.events.FindingStatus.FALSE_POSITIVE;
import static com.devsecopsmetrics.events.FindingStatus.FIXED;
import static com.devsecopsmetrics.events.FindingStatus.OPENED;
import static com.devsecopsmetrics.events.FindingStatus.REOPENED;
import static com.devsecopsmetrics.events.FindingStatus.RISK_ACCEPTED;
import static com.devsecopsmetrics.events.FindingStatus.TRIAGED;
import static com.devsecopsmetrics.ledger.Events.commit;
import static com.devsecopsmetrics.ledger.Events.finding;
import static com.devsecopsmetrics.ledger.Events.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Finding lifecycles (DESIGN §3) and the debt-flow and finding overlays of DESIGN §4; expected values by hand. */
class DebtFlowTopologyTest extends LedgerTopologyCase {
    private static final String FROM = "2026-03-01";
    private static final String TO = "2026-04-01";
    private Map<String, Object> debt() {
        return ledger.debtFlow("service:pay", FROM, TO);
    }

    @Test
    void aReopenAfterAFixStartsASecondEpisode() {
        ledger.pipe(finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").build(),
                finding("pay", "f1", FIXED, "2026-03-05T00:00:00Z").build(),
                finding("pay", "f1", REOPENED, "2026-03-10T00:00:00Z").build(),
                finding("pay", "f1", FIXED, "2026-03-12T00:00:00Z").build());
        assertThat(debt()).containsEntry("intake", 1L).containsEntry("fixed", 2L).containsEntry("reopened", 1L)
                .containsEntry("fix_to_intake_ratio", 2.0).containsEntry("reopen_rate", 0.5);
        assertThat(ledger.debtFlow("service:pay", "2026-03-06", TO)).containsEntry("intake", 0L).containsEntry("reopened", 1L);
    }

    @Test
    void riskAcceptedThenReopenedAndFalsePositives() {
        ledger.pipe(finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").build(),
                finding("pay", "f1", RISK_ACCEPTED, "2026-03-03T00:00:00Z").build(),
                finding("pay", "f1", REOPENED, "2026-03-06T00:00:00Z").build(),
                finding("pay", "f1", FIXED, "2026-03-08T00:00:00Z").build(),
                finding("pay", "f2", OPENED, "2026-03-02T00:00:00Z").build(),
                finding("pay", "f2", FALSE_POSITIVE, "2026-03-04T00:00:00Z").build(),
                finding("pay", "f2", FIXED, "2026-03-05T00:00:00Z").build()); // ignored: f2 is not open
        assertThat(debt()).containsEntry("intake", 2L).containsEntry("fixed", 1L).containsEntry("reopened", 1L);
    }

    @Test
    void aRescoredFindingIsReadWithItsNewestAttributes() {
        ledger.pipe(finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").build(),
                finding("pay", "f1", TRIAGED, "2026-03-02T12:00:00Z").setSeverity(Severity.CRITICAL)
                        .setExploitability(Exploitability.PROVEN).build(),
                finding("pay", "f1", FIXED, "2026-03-06T00:00:00Z").setSeverity(Severity.CRITICAL)
                        .setExploitability(Exploitability.PROVEN).build());
        assertThat((Double) ledger.security("service:pay", FROM, TO).get("exploitable_remediation_days_p50"))
                .isCloseTo(4.0, within(0.04));
        // A newer event scoring it THEORETICAL again takes it out of the exploitable samples.
        ledger.pipe(finding("pay", "f1", TRIAGED, "2026-03-07T00:00:00Z").build());
        assertThat(ledger.security("service:pay", FROM, TO).get("exploitable_remediation_days_p50")).isNull();
        assertThat((Double) debt().get("triage_hours_mean")).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void triageBeforeTheFirstEpisodeGivesNoSample() {
        ledger.pipe(finding("pay", "f1", TRIAGED, "2026-03-01T00:00:00Z").build(),
                finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").build());
        assertThat(debt()).containsEntry("triage_hours_mean", null).containsEntry("intake", 1L);
    }

    @Test
    void secretsCountPerThousandCommitsAndTheirRotation() {
        ledger.pipe(commit("pay", "c1", "2026-03-01T00:00:00Z"), commit("pay", "c2", "2026-03-01T01:00:00Z"),
                finding("pay", "s1", OPENED, "2026-03-02T00:00:00Z").setCategory(FindingCategory.SECRET).build(),
                finding("pay", "s1", FIXED, "2026-03-02T06:00:00Z").setCategory(FindingCategory.SECRET).build());
        Map<String, Object> security = ledger.security("service:pay", FROM, TO);
        assertThat((Double) security.get("secret_exposures_per_1k_commits")).isCloseTo(500.0, within(1e-9));
        assertThat((Double) security.get("secret_rotation_hours_mean")).isCloseTo(6.0, within(1e-9));
    }

    @Test
    void newCodeRiskIsWeightedByTheCurrentTierAndTopDefectClassesBreakTiesByName() {
        ledger.pipe(service("pay", "payments", Tier.TIER_1, "2026-01-01T00:00:00Z"),
                finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").setInNewCode(true)
                        .setExploitability(Exploitability.PLAUSIBLE).setDefectClass("CWE-89").build(),
                finding("pay", "f2", OPENED, "2026-03-02T00:00:00Z").setDefectClass("CWE-22").build(),
                finding("pay", "f3", OPENED, "2026-03-03T00:00:00Z").setDefectClass("CWE-89").build());
        // HIGH 4 x PLAUSIBLE 2 x TIER_1 3
        assertThat(debt()).containsEntry("new_code_findings", 1L).containsEntry("new_code_risk", 24.0)
                .containsEntry("top_defect_classes", List.of("CWE-89", "CWE-22"));
        assertThat(ledger.debtFlow("team:payments", FROM, TO)).containsEntry("new_code_risk", 24.0);
    }

    private static ScanResult completeScan(String id, String at, String... observed) {
        return ScanResult.newBuilder().setScanId(id).setServiceId("pay").setRepo("acme/pay").setScanner("semgrep")
                .setScanType(ScanType.SAST).setCompletedAt(Events.t(at)).setOutcome(ScanOutcome.PASSED)
                .setCritical(0).setHigh(0).setMedium(0).setLow(0).setFindingIds(List.of(observed)).build();
    }

    @Test
    void aCompleteScanClosesWhatItNoLongerSeesAndReopensWhatReturns() {
        var opened = finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").setScanner("semgrep").build();
        var other = finding("pay", "f2", OPENED, "2026-03-02T00:00:00Z").setScanner("codeql").build();
        ledger.pipe(completeScan("s2", "2026-03-05T00:00:00Z"), // does not see f1: fixed
                completeScan("s3", "2026-03-07T00:00:00Z", "f1"), // sees it again: reopened
                opened, other); // the findings arrive after the scans: same answer
        assertThat(debt()).containsEntry("intake", 2L).containsEntry("fixed", 1L).containsEntry("reopened", 1L);
        assertThat(ledger.debtFlow("service:pay", "2026-03-05", "2026-03-06")).containsEntry("fixed", 1L);
    }
}
