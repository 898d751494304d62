package com.devsecopsmetrics.report;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.Practice;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.query.SnapshotQueries;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monthly report for catalogues with no services, one service, or tiers missing, built from the same snapshot
 * assembly {@link ReportQueries} uses and the empty period groups an idle month gives. Coverage rises in each, so the
 * "easy repos" pattern reads every tier's share of the rise, including tiers without services.
 */
class ReportForAnyCatalogueTest {
    private static final DsmConfig CONFIG = DsmConfig.defaults();
    private static final Set<Practice> SCANNED = EnumSet.of(Practice.SAST, Practice.SECRET_SCANNING, Practice.DEPENDENCY_SCANNING,
            Practice.OWNER_DEFINED);

    record Catalogue(String name, List<Tier> tiers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Catalogue> catalogues() {
        return Stream.of(new Catalogue("no services", List.of()),
                new Catalogue("one tier-1 service", List.of(Tier.TIER_1)),
                new Catalogue("one tier-3 service", List.of(Tier.TIER_3)),
                new Catalogue("tiers 1 and 2, no tier 3", List.of(Tier.TIER_1, Tier.TIER_2, Tier.TIER_2)),
                new Catalogue("tiers 2 and 3, no tier 1", List.of(Tier.TIER_2, Tier.TIER_3, Tier.TIER_3)));
    }

    @ParameterizedTest
    @MethodSource("catalogues")
    void theReportIsWrittenForAnyCatalogue(Catalogue catalogue) throws Exception {
        MonthlyReport report = MonthlyReport.of(inputs(catalogue.tiers()));

        assertThat(report.patterns()).hasSize(9);
        assertThat(report.talkingPoints()).isNotEmpty();
        assertThat(ContractJson.mapper().writeValueAsString(report)).contains("\"month\":\"2026-03\"");
        assertThat(ReportMarkdown.render(report)).startsWith("# DevSecOps report: March 2026 (org)").doesNotContain("NaN");
    }

    @ParameterizedTest
    @MethodSource("catalogues")
    void aTierWithoutServicesHasNoShareOfTheCoverageRise(Catalogue catalogue) {
        Map<String, Double> rise = PatternVerdicts.tierContributions(inputs(catalogue.tiers()));
        for (Tier t : Tier.values()) {
            if (!catalogue.tiers().contains(t)) {
                assertThat(rise.get(t.name())).as(t.name()).isNull();
            } else {
                assertThat(rise.get(t.name())).as(t.name()).isPositive();
            }
        }
    }

    /** Every service has no practice at the end of February and four of eight at the end of March. */
    private static ReportInputs inputs(List<Tier> tiers) {
        LocalDate end = LocalDate.of(2026, 3, 31);
        LocalDate previousEnd = LocalDate.of(2026, 2, 28);
        SnapshotQueries.Answer now = answer(tiers, SCANNED);
        SnapshotQueries.Answer before = answer(tiers, Set.of());
        ReportQueries queries = new ReportQueries(null, null, CONFIG.coverageWeights(), CONFIG.slaDays());
        var orgSnapshot = new ReportInputs.Pair<>(queries.snapshot(now, end), queries.snapshot(before, previousEnd));
        DayFigures idle = new DayFigures();
        ReportInputs.Groups groups = new ReportInputs.Groups(DeliveryMetrics.dora(idle, 31), DeliveryMetrics.security(idle),
                DebtFlowMetrics.of(idle));
        var month = new ReportInputs.Pair<>(groups, groups);
        return new ReportInputs(YearMonth.of(2026, 3), month, month, orgSnapshot, queries.byTier(now, before, end, previousEnd),
                orgSnapshot, Map.of(previousEnd, 0.0, end, 0.0), List.of(), List.of(),
                new ReportInputs.Ownership(tiers.size(), DeliveryMetrics.dora(idle, 31), 0, DeliveryMetrics.dora(idle, 31)));
    }

    private static SnapshotQueries.Answer answer(List<Tier> tiers, Set<Practice> practices) {
        List<ServiceSnapshot> services = new java.util.ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            services.add(new ServiceSnapshot("svc-" + i, true, "team-" + i % 2, tiers.get(i), i == 0, practices, false, false));
        }
        return new SnapshotQueries.Answer(services, Map.of(), List.of());
    }
}
