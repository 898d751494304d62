package com.devsecopsmetrics.prometheus;

import com.devsecopsmetrics.metrics.coverage.Coverage;
import com.devsecopsmetrics.metrics.coverage.DebtSnapshot;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.devsecopsmetrics.metrics.delivery.SecurityOverlays;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.query.FigureQueries;
import com.devsecopsmetrics.query.Period;
import com.devsecopsmetrics.query.Scope;
import com.devsecopsmetrics.query.SnapshotQueries;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The headline figures of the org, each team and each tier: the period metrics over the last 28 days (today
 * included, as {@code /api/v1/services/{id}} counts them) and the snapshot as of today, computed with the metric
 * API's own query classes and definitions.
 */
public final class ScopeHeadlines implements PrometheusEndpoint.HeadlineFigures {
    private final FigureQueries figures;
    private final SnapshotQueries snapshots;
    private final Map<Severity, Integer> slaDays;
    private final Map<Tier, Integer> coverageWeights;
    private final Clock clock;

    public ScopeHeadlines(FigureQueries figures, SnapshotQueries snapshots, Map<Severity, Integer> slaDays, Map<Tier, Integer> coverageWeights,
                          Clock clock) {
        this.figures = figures;
        this.snapshots = snapshots;
        this.slaDays = slaDays;
        this.coverageWeights = coverageWeights;
        this.clock = clock;
    }

    /** The period the gauges cover: the 28 days ending with today (UTC). */
    public static Period last28Days(Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new Period(today.minusDays(27), today.plusDays(1));
    }

    @Override
    public List<ScopeFigures> all() {
        Period period = last28Days(clock);
        List<ServiceSnapshot> services = snapshots.query(new Scope(Scope.Kind.ORG, null), period.lastDay()).services();
        List<Scope> scopes = new ArrayList<>();
        scopes.add(new Scope(Scope.Kind.ORG, null));
        for (Tier t : Tier.values()) {
            scopes.add(new Scope(Scope.Kind.TIER, t.name()));
        }
        new TreeSet<>(services.stream().map(ServiceSnapshot::team).toList()).forEach(team -> scopes.add(new Scope(Scope.Kind.TEAM, team)));
        List<ScopeFigures> all = new ArrayList<>();
        for (Scope scope : scopes) {
            DayFigures f = figures.total(scope, period).orElseGet(DayFigures::new);
            SnapshotQueries.Answer snapshot = snapshots.query(scope, period.lastDay());
            all.add(new ScopeFigures(scope.toString(), headlines(DeliveryMetrics.dora(f, period.days()), DeliveryMetrics.security(f),
                    Snapshot.coverage(snapshot.services(), coverageWeights), Snapshot.debt(snapshot.debt(), period.lastDay(), slaDays))));
        }
        return all;
    }

    /** The gauges of a scope, named as the metric API names them, in the order they are exported. */
    static Map<String, Double> headlines(DoraMetrics dora, SecurityOverlays security, Coverage coverage, DebtSnapshot debt) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("deployments_per_day", dora.deploymentsPerDay());
        values.put("lead_time_hours_p50", dora.leadTimeHoursP50());
        values.put("change_failure_rate", dora.changeFailureRate());
        values.put("time_to_restore_hours_p50", dora.timeToRestoreHoursP50());
        values.put("rework_rate", dora.reworkRate());
        values.put("release_evidence_rate", security.releaseEvidenceRate());
        values.put("gate_bypass_rate", security.gateBypassRate());
        values.put("gate_bypasses", (double) security.gateBypasses());
        values.put("exploitable_remediation_days_p50", security.exploitableRemediationDaysP50());
        values.put("secret_exposures_per_1k_commits", security.secretExposuresPer1kCommits());
        values.put("weighted_practice_coverage", coverage.weightedPracticeCoverage());
        values.put("flat_practice_coverage", coverage.flatPracticeCoverage());
        values.put("tier1_asset_coverage", coverage.tier1AssetCoverage());
        values.put("risk_index", debt.riskIndex());
        values.put("open_findings", (double) debt.openFindings());
        values.put("exploitable_critical_high_age_days_p50", debt.exploitableCriticalHighAgeDaysP50());
        return values;
    }
}
