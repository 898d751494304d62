package com.devsecopsmetrics.report;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.metrics.coverage.Coverage;
import com.devsecopsmetrics.metrics.coverage.DebtSnapshot;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import com.devsecopsmetrics.metrics.debt.DebtFlow;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.devsecopsmetrics.metrics.delivery.SecurityOverlays;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.report.PatternVerdicts.Verdict;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.devsecopsmetrics.report.PatternVerdicts.Verdict.BAD;
import static com.devsecopsmetrics.report.PatternVerdicts.Verdict.GOOD;
import static com.devsecopsmetrics.report.PatternVerdicts.Verdict.NEUTRAL;
import static org.assertj.core.api.Assertions.assertThat;

/** Every reading pattern judged on hand-built months: one that should read GOOD, one BAD and one NEUTRAL. */
class PatternVerdictsTest {

    /** A month and the month before, with only the figures a test sets; everything else is null as in an empty API answer. */
    static final class Months {
        final Map<String, Object> dora = new HashMap<>();
        final Map<String, Object> doraBefore = new HashMap<>();
        final Map<String, Object> security = new HashMap<>();
        final Map<String, Object> securityBefore = new HashMap<>();
        final Map<String, Object> coverage = new HashMap<>();
        final Map<String, Object> coverageBefore = new HashMap<>();
        final Map<String, Object> debt = new HashMap<>();
        final Map<String, Object> debtBefore = new HashMap<>();
        final Map<String, Object> flow = new HashMap<>();
        final Map<String, Object> flowBefore = new HashMap<>();
        final Map<String, Map<String, Object>> tierNow = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> tierBefore = new LinkedHashMap<>();

        Months() {
            for (String t : List.of("TIER_1", "TIER_2", "TIER_3")) {
                tierNow.put(t, new HashMap<>());
                tierBefore.put(t, new HashMap<>());
            }
        }

        /** Sets a tier's service count and flat coverage now and before, and the org's by_tier to match. */
        Months tier(String tier, long services, double before, double now) {
            tierNow.get(tier).put("services", services);
            tierNow.get(tier).put("flat_practice_coverage", now);
            tierBefore.get(tier).put("services", services);
            tierBefore.get(tier).put("flat_practice_coverage", before);
            byTier(coverage).put(tier, now);
            byTier(coverageBefore).put(tier, before);
            return this;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> byTier(Map<String, Object> cov) {
            return (Map<String, Object>) cov.computeIfAbsent("by_tier", k -> new HashMap<String, Object>());
        }

        Map<String, Object> debtFlowNow() {
            return flow;
        }

        Map<String, Object> debtFlowBefore() {
            return flowBefore;
        }

        ReportInputs build() {
            Map<Tier, ReportInputs.Pair<ReportInputs.Snapshot>> tiers = new EnumMap<>(Tier.class);
            tierNow.forEach((t, cov) -> tiers.put(Tier.valueOf(t), new ReportInputs.Pair<>(snapshot(cov, Map.of()),
                    snapshot(tierBefore.get(t), Map.of()))));
            var groups = new ReportInputs.Pair<>(new ReportInputs.Groups(typed(dora, NO_DORA), typed(security, NO_SECURITY), typed(flow, NO_FLOW)),
                    new ReportInputs.Groups(typed(doraBefore, NO_DORA), typed(securityBefore, NO_SECURITY), typed(flowBefore, NO_FLOW)));
            return new ReportInputs(YearMonth.of(2026, 3), groups, groups,
                    new ReportInputs.Pair<>(snapshot(coverage, debt), snapshot(coverageBefore, debtBefore)),
                    tiers, new ReportInputs.Pair<>(snapshot(Map.of(), Map.of()), snapshot(Map.of(), Map.of())),
                    Map.<LocalDate, Double>of(), List.of(), List.of(),
                    new ReportInputs.Ownership(0, NO_DORA, 0, NO_DORA));
        }

        static ReportInputs.Snapshot snapshot(Map<String, Object> coverage, Map<String, Object> debt) {
            return new ReportInputs.Snapshot(typed(coverage, NO_COVERAGE), typed(debt, NO_DEBT));
        }
    }

    static final DoraMetrics NO_DORA = DeliveryMetrics.dora(new DayFigures(), 0);
    static final SecurityOverlays NO_SECURITY = DeliveryMetrics.security(new DayFigures());
    static final DebtFlow NO_FLOW = DebtFlowMetrics.of(new DayFigures());
    static final Coverage NO_COVERAGE = Snapshot.coverage(List.of(), DsmConfig.defaults().coverageWeights());
    static final DebtSnapshot NO_DEBT = Snapshot.debt(Map.of(), LocalDate.of(2026, 3, 31), DsmConfig.defaults().slaDays());

    /** A hand-built group as the record the API computes: the figures a test sets over those of an empty answer. */
    @SuppressWarnings("unchecked")
    static <T> T typed(Map<String, Object> figures, T empty) {
        ObjectNode node = ContractJson.mapper().valueToTree(empty);
        node.setAll((ObjectNode) ContractJson.mapper().valueToTree(figures));
        try {
            return (T) ContractJson.mapper().treeToValue(node, empty.getClass());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Verdict judge(Function<ReportInputs, PatternVerdicts.PatternVerdict> pattern, Months m) {
        PatternVerdicts.PatternVerdict v = pattern.apply(m.build());
        assertThat(v.evidence()).isNotBlank();
        return v.verdict();
    }

    static Months deployments(double before, double now, String level) {
        Months m = new Months();
        m.doraBefore.put("deployments_per_day", before);
        m.dora.put("deployments_per_day", now);
        m.dora.put("performance_level", Map.of("deployment_frequency", level));
        return m;
    }

    @Test
    void deploymentFrequencyStaysHealthy() {
        assertThat(judge(PatternVerdicts::deploymentFrequencyHealthy, deployments(2.0, 2.1, "ELITE"))).isEqualTo(GOOD);
        assertThat(judge(PatternVerdicts::deploymentFrequencyHealthy, deployments(2.0, 1.5, "ELITE"))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::deploymentFrequencyHealthy, deployments(0.05, 0.05, "MEDIUM"))).isEqualTo(NEUTRAL);
    }

    static Months remediation(Double before, Double now) {
        Months m = new Months();
        m.securityBefore.put("exploitable_remediation_days_p50", before);
        m.security.put("exploitable_remediation_days_p50", now);
        return m;
    }

    @Test
    void remediationLeadTimeDrops() {
        assertThat(judge(PatternVerdicts::remediationLeadTimeDrops, remediation(28.0, 11.0))).isEqualTo(GOOD);
        assertThat(judge(PatternVerdicts::remediationLeadTimeDrops, remediation(11.0, 28.0))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::remediationLeadTimeDrops, remediation(20.0, 20.5))).isEqualTo(NEUTRAL);
        assertThat(judge(PatternVerdicts::remediationLeadTimeDrops, remediation(null, 20.0))).isEqualTo(NEUTRAL);
    }

    @Test
    void coverageRisesInTier1Systems() {
        assertThat(judge(PatternVerdicts::tier1CoverageRises, new Months().tier("TIER_1", 4, 0.50, 0.625))).isEqualTo(GOOD);
        assertThat(judge(PatternVerdicts::tier1CoverageRises, new Months().tier("TIER_1", 4, 0.625, 0.50))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::tier1CoverageRises, new Months().tier("TIER_1", 4, 0.50, 0.505))).isEqualTo(NEUTRAL);
    }

    static Months bypassRate(Double before, Double now) {
        Months m = new Months();
        m.securityBefore.put("gate_bypass_rate", before);
        m.security.put("gate_bypass_rate", now);
        return m;
    }

    @Test
    void gateBypassRateIsLow() {
        assertThat(judge(PatternVerdicts::bypassRateLow, bypassRate(0.10, 0.02))).isEqualTo(GOOD);
        assertThat(judge(PatternVerdicts::bypassRateLow, bypassRate(0.08, 0.12))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::bypassRateLow, bypassRate(0.20, 0.12))).isEqualTo(NEUTRAL); // high, but falling
    }

    static Months risk(double before, double now) {
        Months m = new Months();
        m.debtBefore.put("risk_index", before);
        m.debt.put("risk_index", now);
        return m;
    }

    @Test
    void weightedRiskDebtTrendsDown() {
        assertThat(judge(PatternVerdicts::riskDebtTrendsDown, risk(1000, 800))).isEqualTo(GOOD);
        assertThat(judge(PatternVerdicts::riskDebtTrendsDown, risk(800, 1000))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::riskDebtTrendsDown, risk(1000, 990))).isEqualTo(NEUTRAL);
    }

    /** Two tier-1, two tier-2 and six tier-3 services; flat and weighted coverage as the tier means give them. */
    static Months coverageFrom(double t1Before, double t1Now, double t3Before, double t3Now) {
        Months m = new Months().tier("TIER_1", 2, t1Before, t1Now).tier("TIER_2", 2, 0.5, 0.5).tier("TIER_3", 6, t3Before, t3Now);
        m.coverageBefore.put("flat_practice_coverage", (2 * t1Before + 2 * 0.5 + 6 * t3Before) / 10);
        m.coverage.put("flat_practice_coverage", (2 * t1Now + 2 * 0.5 + 6 * t3Now) / 10);
        m.coverageBefore.put("weighted_practice_coverage", (2 * 5 * t1Before + 2 * 3 * 0.5 + 6 * t3Before) / 22);
        m.coverage.put("weighted_practice_coverage", (2 * 5 * t1Now + 2 * 3 * 0.5 + 6 * t3Now) / 22);
        return m;
    }

    @Test
    void coverageRisesOnlyBecauseEasyReposWereAdded() {
        // Tier-3 onboarding lifts the flat average by 7.5 points while tier-1 stays where it was.
        assertThat(judge(PatternVerdicts::coverageRisesFromEasyRepos, coverageFrom(0.5, 0.5, 0.25, 0.375))).isEqualTo(BAD);
        // Tier-1 rises by 25 points and leads: weighted coverage rises more than flat.
        assertThat(judge(PatternVerdicts::coverageRisesFromEasyRepos, coverageFrom(0.5, 0.75, 0.25, 0.25))).isEqualTo(GOOD);
        // Coverage did not rise at all.
        assertThat(judge(PatternVerdicts::coverageRisesFromEasyRepos, coverageFrom(0.5, 0.5, 0.25, 0.25))).isEqualTo(NEUTRAL);
        PatternVerdicts.PatternVerdict bad = PatternVerdicts.coverageRisesFromEasyRepos(coverageFrom(0.5, 0.5, 0.25, 0.375).build());
        assertThat(bad.evidence()).contains("flat coverage 35.0% -> 42.5%").contains("+0.0/+0.0/+7.5");
    }

    @SuppressWarnings("unchecked")
    static Months tier1Age(Double before, Double now) {
        Months m = new Months();
        m.debtBefore.put("open_critical_high_age_days_p50_by_tier", new HashMap<>(Map.of()));
        m.debt.put("open_critical_high_age_days_p50_by_tier", new HashMap<>(Map.of()));
        ((Map<String, Object>) m.debtBefore.get("open_critical_high_age_days_p50_by_tier")).put("TIER_1", before);
        ((Map<String, Object>) m.debt.get("open_critical_high_age_days_p50_by_tier")).put("TIER_1", now);
        return m;
    }

    @Test
    void criticalDebtInTier1ServicesGrowsOlder() {
        assertThat(judge(PatternVerdicts::tier1CriticalDebtAges, tier1Age(20.0, 35.0))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::tier1CriticalDebtAges, tier1Age(35.0, 12.0))).isEqualTo(GOOD);
        assertThat(judge(PatternVerdicts::tier1CriticalDebtAges, tier1Age(20.0, 20.0))).isEqualTo(NEUTRAL);
    }

    static Months bypasses(long before, long now, Double rateBefore, Double rate) {
        Months m = bypassRate(rateBefore, rate);
        m.securityBefore.put("gate_bypasses", before);
        m.security.put("gate_bypasses", now);
        return m;
    }

    @Test
    void gateBypassesIncrease() {
        assertThat(judge(PatternVerdicts::gateBypassesIncrease, bypasses(4, 9, 0.02, 0.05))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::gateBypassesIncrease, bypasses(9, 4, 0.05, 0.02))).isEqualTo(GOOD);
        // More bypasses, but over many more deployments: the rate fell.
        assertThat(judge(PatternVerdicts::gateBypassesIncrease, bypasses(4, 6, 0.05, 0.03))).isEqualTo(NEUTRAL);
    }

    static Months pace(double deployBefore, double deployNow, double riskBefore, double riskNow) {
        Months m = deployments(deployBefore, deployNow, "HIGH");
        m.debtBefore.put("risk_index", riskBefore);
        m.debt.put("risk_index", riskNow);
        return m;
    }

    @Test
    void deploymentSlowsButExposureDoesNotDrop() {
        assertThat(judge(PatternVerdicts::slowerWithoutLessExposure, pace(3.0, 2.0, 500, 510))).isEqualTo(BAD);
        assertThat(judge(PatternVerdicts::slowerWithoutLessExposure, pace(3.0, 3.1, 500, 400))).isEqualTo(GOOD);
        // Slower, but exposure fell a lot: a trade-off, not the bad pattern.
        assertThat(judge(PatternVerdicts::slowerWithoutLessExposure, pace(3.0, 2.0, 500, 300))).isEqualTo(NEUTRAL);
    }

    @Test
    void aMonthWithoutDataIsNeutralEverywhere() {
        assertThat(PatternVerdicts.of(new Months().build())).hasSize(9).allSatisfy(v -> {
            assertThat(v.verdict()).as(v.pattern()).isEqualTo(NEUTRAL);
            assertThat(v.evidence()).doesNotContain("NaN", "null");
        });
    }
}
