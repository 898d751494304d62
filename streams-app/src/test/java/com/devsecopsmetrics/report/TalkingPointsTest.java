package com.devsecopsmetrics.report;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The talking points' wording follows the figures, and the figures are written as the API gives them. */
class TalkingPointsTest {

    static PatternVerdictsTest.Months seedMonth() {
        PatternVerdictsTest.Months m = new PatternVerdictsTest.Months();
        m.security.put("release_evidence_rate", 0.9);
        m.securityBefore.put("release_evidence_rate", 0.7234);
        m.tierNow.get("TIER_1").put("services", 2L);
        return m;
    }

    @Test
    void theSeedsStatementsComeOutWithTheFiguresFilledIn() {
        PatternVerdictsTest.Months m = seedMonth();
        ReportInputs in = withInternetFacingAges(m, 28.0, 11.0);
        assertThat(TalkingPoints.evidence(in).text())
                .isEqualTo("Security evidence is now attached to 90.0% of tier-1 releases in March 2026 (72.3% in February 2026).");
        assertThat(TalkingPoints.exploitableAge(in).text()).isEqualTo("Median age of exploitable critical/high findings in internet-facing "
                + "(customer-facing) services decreased from 28.0 days to 11.0 days in March 2026.");
        assertThat(TalkingPoints.exploitableAge(withInternetFacingAges(m, 11.0, 28.0)).text()).contains("increased from 11.0 days to 28.0 days");
    }

    @Test
    void coverageGrowthNamesTheTierItCameFrom() {
        PatternVerdictsTest.Months easy = PatternVerdictsTest.coverageFrom(0.5, 0.5, 0.25, 0.375);
        assertThat(TalkingPoints.coverageGrowth(easy.build()).text()).contains("(flat: 35.0% to 42.5%)")
                .contains("tier-1 50.0% to 50.0%, tier-2 50.0% to 50.0%, tier-3 25.0% to 37.5%")
                .endsWith("so coverage growth came mainly from tier-3 (low-risk) services, which flatters the flat average.");
        assertThat(TalkingPoints.coverageGrowth(PatternVerdictsTest.coverageFrom(0.5, 0.75, 0.25, 0.25).build()).text())
                .endsWith("so coverage growth came mainly from tier-1 services, not from low-risk estate.");
    }

    @Test
    void remediationFlowIsNotCalledBetterWhenItIsNot() {
        PatternVerdictsTest.Months better = PatternVerdictsTest.deployments(3.0, 3.2, "ELITE");
        better.debtFlowNow().putAll(Map.of("fixed", 120L, "intake", 100L, "fix_to_intake_ratio", 1.2));
        better.debtFlowBefore().putAll(Map.of("fixed", 80L, "intake", 100L, "fix_to_intake_ratio", 0.8));
        assertThat(TalkingPoints.remediationFlow(better.build()).text()).startsWith("We improved remediation flow without reducing deployment "
                + "frequency: 120 findings fixed against 100 new (fix-to-intake ratio 1.20, 0.80 in February 2026)")
                .endsWith("while deployments went from 3.00 to 3.20 a day.");
        PatternVerdictsTest.Months worse = PatternVerdictsTest.deployments(3.0, 2.0, "HIGH");
        worse.debtFlowNow().putAll(Map.of("fix_to_intake_ratio", 0.5));
        worse.debtFlowBefore().putAll(Map.of("fix_to_intake_ratio", 0.8));
        assertThat(TalkingPoints.remediationFlow(worse.build()).text()).startsWith("Remediation flow did not improve and deployment frequency fell");
        // More fixed per new finding, but exploitable findings took longer to fix: not called an improvement.
        PatternVerdictsTest.Months mixed = PatternVerdictsTest.remediation(1.3, 2.0);
        mixed.debtFlowNow().put("fix_to_intake_ratio", 0.39);
        mixed.debtFlowBefore().put("fix_to_intake_ratio", 0.24);
        assertThat(TalkingPoints.remediationFlow(mixed.build()).text()).startsWith("Remediation flow did not improve, though deployment frequency held");
    }

    @Test
    void theMarkdownHasEverySection() {
        String md = ReportMarkdown.render(MonthlyReport.of(withInternetFacingAges(seedMonth(), 28.0, 11.0)));
        assertThat(md).startsWith("# DevSecOps report: March 2026 (org)")
                .contains("## Talking points", "## Manager view", "## Reading the metrics together", "## What DORA says about security")
                .contains("| deployment slows but exposure does not meaningfully drop | bad | **NEUTRAL** |")
                .doesNotContain("null", "NaN");
    }

    static ReportInputs withInternetFacingAges(PatternVerdictsTest.Months m, double before, double now) {
        Map<String, Object> debtNow = new HashMap<>(Map.of("exploitable_critical_high_age_days_p50", now));
        Map<String, Object> debtBefore = new HashMap<>(Map.of("exploitable_critical_high_age_days_p50", before));
        ReportInputs base = m.build();
        var exposed = new ReportInputs.Pair<>(PatternVerdictsTest.Months.snapshot(Map.of(), debtNow),
                PatternVerdictsTest.Months.snapshot(Map.of(), debtBefore));
        return new ReportInputs(base.month(), base.org(), base.tier1(), base.orgSnapshot(), base.tierSnapshots(), exposed,
                base.riskTrend(), base.teams(), base.services(), base.ownership());
    }
}
