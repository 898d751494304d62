package com.devsecopsmetrics.report;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.Practice;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.debt.DebtState;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.query.FigureQueries;
import com.devsecopsmetrics.query.Period;
import com.devsecopsmetrics.query.Scope;
import com.devsecopsmetrics.query.SnapshotQueries;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Gathers a month's {@link ReportInputs} through the same query classes and metric definitions as
 * {@code /api/v1/metrics} and {@code /api/v1/snapshot}, so every figure of the report is one the API gives.
 */
public final class ReportQueries {
    private static final Scope ORG = new Scope(Scope.Kind.ORG, null);
    private final FigureQueries figures;
    private final SnapshotQueries snapshots;
    private final Map<Tier, Integer> coverageWeights;
    private final Map<Severity, Integer> slaDays;

    public ReportQueries(FigureQueries figures, SnapshotQueries snapshots, Map<Tier, Integer> coverageWeights,
                         Map<Severity, Integer> slaDays) {
        this.slaDays = slaDays;
        this.figures = figures;
        this.snapshots = snapshots;
        this.coverageWeights = coverageWeights;
    }

    public ReportInputs inputs(YearMonth month) {
        Period now = new Period(month.atDay(1), month.plusMonths(1).atDay(1));
        Period before = new Period(month.minusMonths(1).atDay(1), month.atDay(1));
        LocalDate end = month.atEndOfMonth();
        LocalDate previousEnd = month.minusMonths(1).atEndOfMonth();
        SnapshotQueries.Answer orgNow = snapshots.query(ORG, end);
        SnapshotQueries.Answer orgBefore = snapshots.query(ORG, previousEnd);
        List<ServiceSnapshot> servicesNow = orgNow.services();

        Map<Tier, ReportInputs.Pair<ReportInputs.Snapshot>> byTier = byTier(orgNow, orgBefore, end, previousEnd);
        Map<LocalDate, Double> riskTrend = new TreeMap<>();
        for (LocalDate d : MonthlyReport.riskTrendDates(new ReportInputs.Pair<>(end, previousEnd))) {
            SnapshotQueries.Answer answer = d.equals(end) ? orgNow : d.equals(previousEnd) ? orgBefore : snapshots.query(ORG, d);
            riskTrend.put(d, Snapshot.debt(answer.debt(), d, slaDays).riskIndex());
        }

        List<ReportInputs.Failures> teams = new ArrayList<>();
        for (String team : new TreeSet<>(servicesNow.stream().map(ServiceSnapshot::team).toList())) {
            Scope scope = new Scope(Scope.Kind.TEAM, team);
            teams.add(failures(scope.toString(), total(scope, now)));
        }
        teams.sort(MOST_SECURITY_FAILURES);

        List<ReportInputs.Failures> services = new ArrayList<>();
        DayFigures owned = new DayFigures();
        DayFigures unowned = new DayFigures();
        long ownedCount = 0;
        for (ServiceSnapshot s : servicesNow) {
            Scope scope = new Scope(Scope.Kind.SERVICE, s.serviceId());
            DayFigures f = total(scope, now);
            ReportInputs.Failures failures = failures(scope.toString(), f);
            if (failures.securityFailed() > 0) {
                services.add(failures);
            }
            boolean hasOwner = s.practices().contains(Practice.OWNER_DEFINED);
            (hasOwner ? owned : unowned).merge(f, 1);
            ownedCount += hasOwner ? 1 : 0;
        }
        services.sort(MOST_SECURITY_FAILURES);
        ReportInputs.Ownership ownership = new ReportInputs.Ownership(ownedCount, DeliveryMetrics.dora(owned, now.days()),
                servicesNow.size() - ownedCount, DeliveryMetrics.dora(unowned, now.days()));

        return new ReportInputs(month,
                new ReportInputs.Pair<>(groups(ORG, now), groups(ORG, before)),
                new ReportInputs.Pair<>(groups(new Scope(Scope.Kind.TIER, Tier.TIER_1.name()), now),
                        groups(new Scope(Scope.Kind.TIER, Tier.TIER_1.name()), before)),
                new ReportInputs.Pair<>(snapshot(orgNow, end), snapshot(orgBefore, previousEnd)),
                byTier, new ReportInputs.Pair<>(snapshot(snapshots.query(Scope.INTERNET_FACING, end), end),
                        snapshot(snapshots.query(Scope.INTERNET_FACING, previousEnd), previousEnd)),
                riskTrend, teams, services, ownership);
    }

    private static final Comparator<ReportInputs.Failures> MOST_SECURITY_FAILURES = Comparator
            .comparingLong(ReportInputs.Failures::securityFailed).reversed().thenComparing(ReportInputs.Failures::scope);

    private DayFigures total(Scope scope, Period period) {
        return figures.total(scope, period).orElseGet(DayFigures::new);
    }

    private ReportInputs.Groups groups(Scope scope, Period period) {
        DayFigures f = total(scope, period);
        return new ReportInputs.Groups(DeliveryMetrics.dora(f, period.days()), DeliveryMetrics.security(f), DebtFlowMetrics.of(f));
    }

    /** Each tier's snapshot pair, for every tier, also those with no service in the catalogue. */
    Map<Tier, ReportInputs.Pair<ReportInputs.Snapshot>> byTier(SnapshotQueries.Answer orgNow, SnapshotQueries.Answer orgBefore,
                                                                LocalDate end, LocalDate previousEnd) {
        Map<Tier, ReportInputs.Pair<ReportInputs.Snapshot>> byTier = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            byTier.put(t, new ReportInputs.Pair<>(snapshot(tierOf(orgNow, t), end), snapshot(tierOf(orgBefore, t), previousEnd)));
        }
        return byTier;
    }

    ReportInputs.Snapshot snapshot(SnapshotQueries.Answer answer, LocalDate date) {
        return new ReportInputs.Snapshot(Snapshot.coverage(answer.services(), coverageWeights), Snapshot.debt(answer.debt(), date, slaDays));
    }

    /** The part of an org snapshot that is one tier's: its services, and its debt, which the org keeps by tier. */
    private static SnapshotQueries.Answer tierOf(SnapshotQueries.Answer org, Tier tier) {
        Map<Tier, DebtState> debt = new EnumMap<>(Tier.class);
        if (org.debt().containsKey(tier)) {
            debt.put(tier, org.debt().get(tier));
        }
        return new SnapshotQueries.Answer(org.services().stream().filter(s -> s.tier() == tier).toList(), debt, List.of());
    }

    private static ReportInputs.Failures failures(String scope, DayFigures f) {
        return new ReportInputs.Failures(scope, f.get(DayFigures.Count.DEPLOYMENTS), f.get(DayFigures.Count.FAILED),
                f.get(DayFigures.Count.SECURITY_FAILED));
    }
}
