package com.devsecopsmetrics.report;

import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.report.PatternVerdicts.Verdict.BAD;
import static com.devsecopsmetrics.report.PatternVerdicts.Verdict.NEUTRAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 4 on adversarial months: a sentence says only what its figures support, thin figures are marked
 * low-sample and judged by no verdict, and an empty tier divides nothing by zero.
 */
class TruthfulWordsTest {
    private static final SampleSizes PLENTY = new SampleSizes(100L, 100L, 100L, 100L, 100L, 100L);

    /** The month: the ratio rose, but intake (84) was over twice the fixes (36) and the risk index doubled. */
    static PatternVerdictsTest.Months riskUpIntakeAboveFixes() {
        PatternVerdictsTest.Months m = PatternVerdictsTest.deployments(3.0, 3.1, "ELITE");
        m.debtFlowNow().putAll(Map.of("fixed", 36L, "intake", 84L, "fix_to_intake_ratio", 36 / 84.0));
        m.debtFlowBefore().putAll(Map.of("fixed", 20L, "intake", 80L, "fix_to_intake_ratio", 0.25));
        m.debtBefore.put("risk_index", 248.0);
        m.debt.put("risk_index", 511.0);
        return m;
    }

    @Test
    void aWorseningMonthIsNotCalledAnImprovementAndTheRiseIsStated() {
        ReportInputs in = withSamples(riskUpIntakeAboveFixes().build(), PLENTY, PLENTY);
        TalkingPoints.Point flow = TalkingPoints.remediationFlow(in);

        assertThat(flow.text()).doesNotContainIgnoringCase("improved remediation").doesNotStartWith("Remediation flow improved")
                .startsWith("Remediation flow did not improve: intake (84) outpaced fixes (36) and the weighted risk index rose "
                        + "from 248.0 to 511.0, though deployment frequency held: 36 findings fixed against 84 new");
        assertThat(flow.figures()).containsEntry("intake", 84L).containsEntry("fixed", 36L)
                .containsEntry("risk_index", 511.0).containsEntry("previous_risk_index", 248.0);
        assertThat(PatternVerdicts.riskDebtTrendsDown(in).verdict()).isEqualTo(BAD);
    }

    @Test
    void fixesAboveIntakeButRisingRiskIsNoImprovementEither() {
        PatternVerdictsTest.Months m = riskUpIntakeAboveFixes();
        m.debtFlowNow().putAll(Map.of("fixed", 90L, "intake", 84L, "fix_to_intake_ratio", 90 / 84.0));
        String text = TalkingPoints.remediationFlow(withSamples(m.build(), PLENTY, PLENTY)).text();
        assertThat(text).startsWith("Remediation flow did not improve: the weighted risk index rose from 248.0 to 511.0");
        m.debt.put("risk_index", 200.0);
        assertThat(TalkingPoints.remediationFlow(withSamples(m.build(), PLENTY, PLENTY)).text())
                .startsWith("We improved remediation flow").endsWith("; the weighted risk index fell from 248.0 to 200.0.");
    }

    @Test
    void tinySamplesAreMarkedAndGetNoVerdict() {
        SampleSizes seven = new SampleSizes(7L, 7L, 3L, 7L, 3L, 4L);
        PatternVerdictsTest.Months m = PatternVerdictsTest.bypassRate(0.0, 1 / 7.0);
        m.security.put("release_evidence_rate", 6 / 7.0);
        m.security.put("exploitable_remediation_days_p50", 30.0);
        m.securityBefore.put("exploitable_remediation_days_p50", 3.0);
        m.debtFlowNow().putAll(Map.of("fixed", 4L, "intake", 4L, "fix_to_intake_ratio", 1.0));
        ReportInputs thin = withSamples(m.build(), seven, seven);
        // With enough events the same figures are judged.
        assertThat(PatternVerdicts.bypassRateLow(withSamples(m.build(), PLENTY, PLENTY)).verdict()).isEqualTo(BAD);

        for (PatternVerdicts.PatternVerdict v : List.of(PatternVerdicts.bypassRateLow(thin), PatternVerdicts.gateBypassesIncrease(thin),
                PatternVerdicts.remediationLeadTimeDrops(thin))) {
            assertThat(v.verdict()).as(v.pattern()).isEqualTo(NEUTRAL);
            assertThat(v.reason()).isEqualTo("low sample");
            assertThat(v.evidence()).contains("low sample: ");
        }
        assertThat(TalkingPoints.remediationFlow(thin).text()).startsWith("Too few new findings to judge remediation flow (only 4 new "
                + "(fewer than 10), too few to judge)").doesNotContain("improve");
        assertThat(TalkingPoints.gateBypasses(thin).text()).contains("low sample: 7 gated deployments this month");
        assertThat(TalkingPoints.evidence(thin).text()).contains("low sample: 7 tier-1 releases this month");
        PatternVerdictsTest.Months waited = PatternVerdictsTest.deployments(1.0, 1.0, "HIGH");
        waited.security.put("security_wait_share", 0.4);
        assertThat(DoraForSecurity.friction(withSamples(waited.build(), seven, seven)).answer())
                .contains("Low sample: only 7 deployments this month").doesNotContain("reads as queue time", "useful friction rather");

        MonthlyReport report = MonthlyReport.of(thin);
        assertThat(report.lowSample()).extracting(LowSamples.LowSample::figure)
                .contains("change_failure_rate", "rework_rate", "lead_time_hours_p50", "time_to_restore_hours_p50", "gate_bypass_rate");
        assertThat(report.lowSample()).filteredOn(l -> l.figure().equals("rework_rate") && l.scope().equals("org"))
                .extracting(LowSamples.LowSample::n).containsExactly(7L, 7L);
        assertThat(ReportMarkdown.render(report)).contains("## Low-sample figures (fewer than 10 events: shown, not judged)")
                .contains("- org 2026-03: rework_rate (low sample, n=7 deployments)");
    }

    @Test
    void anOwnershipComparisonOfThreeAgainstSevenIncidentsDrawsNoConclusion() {
        ReportInputs in = PatternVerdictsTest.deployments(1.0, 1.0, "HIGH").build();
        var owned = PatternVerdictsTest.typed(Map.of("incidents_resolved", 3L, "time_to_restore_hours_p50", 2.0), PatternVerdictsTest.NO_DORA);
        var unowned = PatternVerdictsTest.typed(Map.of("incidents_resolved", 7L, "time_to_restore_hours_p50", 9.0), PatternVerdictsTest.NO_DORA);
        ReportInputs withOwnership = new ReportInputs(in.month(), in.org(), in.tier1(), in.orgSnapshot(), in.tierSnapshots(),
                in.internetFacingSnapshot(), in.riskTrend(), in.teams(), in.services(), new ReportInputs.Ownership(2, owned, 3, unowned));

        String answer = DoraForSecurity.recoveryAndOwnership(withOwnership).answer();
        assertThat(answer).startsWith("Too few resolved incidents to compare recovery by ownership: 3 in services with an owner")
                .doesNotContain("slower", "faster");
        assertThat(LowSamples.of(withOwnership)).extracting(LowSamples.LowSample::figure)
                .containsExactly("time_to_restore_hours_p50_with_owner", "time_to_restore_hours_p50_without_owner");
    }

    @Test
    void anEmptyTierAndAnIdleMonthGiveNoVerdictAndNoDivisionByZero() throws Exception {
        SampleSizes none = new SampleSizes(0L, 0L, 0L, 0L, 0L, 0L);
        ReportInputs idle = withSamples(new PatternVerdictsTest.Months().build(), none, none);
        MonthlyReport report = MonthlyReport.of(idle);

        assertThat(report.patterns()).allSatisfy(p -> assertThat(p.verdict()).as(p.pattern()).isEqualTo(NEUTRAL));
        assertThat(report.lowSample()).as("a figure from no event is missing, not thin").isEmpty();
        assertThat(TalkingPoints.remediationFlow(idle).text()).startsWith("Too few new findings to judge remediation flow (only 0 new");
        assertThat(PatternVerdicts.tier1CoverageRises(idle).verdict()).isEqualTo(NEUTRAL);
        String json = ContractJson.mapper().writeValueAsString(report);
        assertThat(json).doesNotContain("NaN", "Infinity");
        assertThat(ReportMarkdown.render(report)).doesNotContain("NaN", "Infinity");
    }

    @Test
    void everyTalkingPointCarriesItsEvidenceInTheJsonAndTheMarkdown() throws Exception {
        MonthlyReport report = MonthlyReport.of(withSamples(riskUpIntakeAboveFixes().build(), PLENTY, PLENTY));
        JsonNode json = ContractJson.mapper().valueToTree(report);

        assertThat(json.path("talking_points")).hasSize(6);
        assertThat(json.path("talking_point_evidence")).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(json.path("talking_point_evidence").get(i).path("text").asText()).isEqualTo(json.path("talking_points").get(i).asText());
            assertThat(json.path("talking_point_evidence").get(i).path("figures").size()).isPositive();
        }
        assertThat(json.path("min_sample").asInt()).isEqualTo(10);
        assertThat(json.has("organisation")).as("only a team report compares with the organisation").isFalse();
        assertThat(json.path("patterns").get(0).has("reason")).as("a judged verdict has no reason").isFalse();
        assertThat(ReportMarkdown.render(report)).contains("  - evidence: fixed 36, intake 84, fix_to_intake_ratio 0.42857142857142855");
    }

    /** The inputs with event counts behind the org and tier-1 figures, as ReportQueries fills them from the API. */
    static ReportInputs withSamples(ReportInputs in, SampleSizes now, SampleSizes before) {
        var org = new ReportInputs.Pair<>(with(in.org().current(), now), with(in.org().previous(), before));
        var tier1 = new ReportInputs.Pair<>(with(in.tier1().current(), now), with(in.tier1().previous(), before));
        return new ReportInputs(in.month(), org, tier1, in.orgSnapshot(), in.tierSnapshots(), in.internetFacingSnapshot(),
                in.riskTrend(), in.teams(), in.services(), in.ownership(), in.scope(), in.minSample());
    }

    private static ReportInputs.Groups with(ReportInputs.Groups g, SampleSizes samples) {
        return new ReportInputs.Groups(g.dora(), g.security(), g.debtFlow(), samples);
    }
}
