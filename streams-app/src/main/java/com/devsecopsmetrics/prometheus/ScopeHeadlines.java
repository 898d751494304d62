package com.devsecopsmetrics.prometheus;

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
    static final List<String> PERIOD_METRICS = List.of("deployments_per_day", "lead_time_hours_p50", "change_failure_rate",
            "time_to_restore_hours_p50", "rework_rate");
    static final List<String> SECURITY_METRICS = List.of("release_evidence_rate", "gate_bypass_rate", "gate_bypasses",
            "exploitable_remediation_days_p50", "secret_exposures_per_1k_commits");
    static final List<String> COVERAGE_METRICS = List.of("weighted_practice_coverage", "flat_practice_coverage", "tier1_asset_coverage");
    static final List<String> DEBT_METRICS = List.of("risk_index", "open_findings", "exploitable_critical_high_age_days_p50");

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
            Map<String, Double> values = new LinkedHashMap<>();
            pick(values, DeliveryMetrics.dora(f, period.days()), PERIOD_METRICS);
            pick(values, DeliveryMetrics.security(f), SECURITY_METRICS);
            pick(values, Snapshot.coverage(snapshot.services(), coverageWeights), COVERAGE_METRICS);
            pick(values, Snapshot.debt(snapshot.debt(), period.lastDay(), slaDays), DEBT_METRICS);
            all.add(new ScopeFigures(scope.toString(), values));
        }
        return all;
    }

    private static void pick(Map<String, Double> into, Map<String, Object> group, List<String> names) {
        for (String name : names) {
            into.put(name, group.get(name) instanceof Number n ? n.doubleValue() : null);
        }
    }
}
