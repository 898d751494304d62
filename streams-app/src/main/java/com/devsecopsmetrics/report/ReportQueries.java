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
    private final int minSample;

    public ReportQueries(FigureQueries figures, SnapshotQueries snapshots, Map<Tier, Integer> coverageWeights,
                         Map<Severity, Integer> slaDays) {
        this(figures, snapshots, coverageWeights, slaDays, ReportInputs.DEFAULT_MIN_SAMPLE);
    }

    /** With {@code report.min.sample}: fewer events behind a rate or percentile make it low-sample. */
    public ReportQueries(FigureQueries figures, SnapshotQueries snapshots, Map<Tier, Integer> coverageWeights,
                         Map<Severity, Integer> slaDays, int minSample) {
        this.minSample = minSample;
        this.slaDays = slaDays;
        this.figures = figures;
        this.snapshots = snapshots;
        this.coverageWeights = coverageWeights;
    }

    public ReportInputs inputs(YearMonth month) {
        return inputs(month, ORG);
    }

    /**
     * The inputs of the organisation's report, or of a team's ({@code team:NAME}): then every org figure is the team
     * scope's, the tier-1 figures are those of the team's tier-1 services and the internet-facing ones those of its
     * internet-facing services, and the breakdowns hold only the team and its services.
     */
    public ReportInputs inputs(YearMonth month, Scope reported) {
        Dates dates = new Dates(month);
        Period now = dates.now();
        Period before = dates.before();
        LocalDate end = dates.end();
        LocalDate previousEnd = dates.previousEnd();
        SnapshotQueries.Answer orgNow = snapshots.query(reported, end);
        SnapshotQueries.Answer orgBefore = snapshots.query(reported, previousEnd);
        List<ServiceSnapshot> servicesNow = orgNow.services();

        Map<Tier, ReportInputs.Pair<ReportInputs.Snapshot>> byTier = byTier(orgNow, orgBefore, end, previousEnd);
        Map<LocalDate, Double> riskTrend = riskTrend(reported, end, previousEnd, orgNow, orgBefore);

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

        boolean org = reported.kind() == Scope.Kind.ORG;
        List<Scope> exposed = org ? List.of(Scope.INTERNET_FACING) : servicesNow.stream().filter(ServiceSnapshot::internetFacing)
                .map(s -> new Scope(Scope.Kind.SERVICE, s.serviceId())).toList();
        return new ReportInputs(month,
                new ReportInputs.Pair<>(groups(reported, now), groups(reported, before)),
                tier1(reported, servicesNow, now, before),
                new ReportInputs.Pair<>(snapshot(orgNow, end), snapshot(orgBefore, previousEnd)),
                byTier, new ReportInputs.Pair<>(snapshot(merged(exposed, end), end), snapshot(merged(exposed, previousEnd), previousEnd)),
                riskTrend, teams, services, ownership, reported.toString(), minSample);
    }

    /** The organisation's manager items for a month, beside which a team report sets its own. */
    public ManagerView organisationManager(YearMonth month) {
        Dates d = new Dates(month);
        SnapshotQueries.Answer orgNow = snapshots.query(ORG, d.end());
        SnapshotQueries.Answer orgBefore = snapshots.query(ORG, d.previousEnd());
        var snapshotPair = new ReportInputs.Pair<>(snapshot(orgNow, d.end()), snapshot(orgBefore, d.previousEnd()));
        // Only what the manager items read; the breakdowns and ownership are the team report's own.
        return MonthlyReport.manager(new ReportInputs(month, new ReportInputs.Pair<>(groups(ORG, d.now()), groups(ORG, d.before())),
                tier1(ORG, List.of(), d.now(), d.before()), snapshotPair, Map.of(), snapshotPair,
                riskTrend(ORG, d.end(), d.previousEnd(), orgNow, orgBefore), List.of(), List.of(), null, ORG.toString(), minSample));
    }

    /** A month's period and the month before's, and the last day of each (the snapshot dates). */
    private record Dates(Period now, Period before, LocalDate end, LocalDate previousEnd) {
        Dates(YearMonth month) {
            this(new Period(month.atDay(1), month.plusMonths(1).atDay(1)), new Period(month.minusMonths(1).atDay(1), month.atDay(1)),
                    month.atEndOfMonth(), month.minusMonths(1).atEndOfMonth());
        }
    }

    private Map<LocalDate, Double> riskTrend(Scope scope, LocalDate end, LocalDate previousEnd, SnapshotQueries.Answer atEnd,
                                             SnapshotQueries.Answer atPreviousEnd) {
        Map<LocalDate, Double> riskTrend = new TreeMap<>();
        for (LocalDate d : MonthlyReport.riskTrendDates(new ReportInputs.Pair<>(end, previousEnd))) {
            SnapshotQueries.Answer answer = d.equals(end) ? atEnd : d.equals(previousEnd) ? atPreviousEnd : snapshots.query(scope, d);
            riskTrend.put(d, Snapshot.debt(answer.debt(), d, slaDays).riskIndex());
        }
        return riskTrend;
    }

    /** tier:TIER_1 for the organisation; for a team, its tier-1 services' figures added up (no scope holds them). */
    private ReportInputs.Pair<ReportInputs.Groups> tier1(Scope scope, List<ServiceSnapshot> services, Period now, Period before) {
        if (scope.kind() == Scope.Kind.ORG) {
            Scope tier1 = new Scope(Scope.Kind.TIER, Tier.TIER_1.name());
            return new ReportInputs.Pair<>(groups(tier1, now), groups(tier1, before));
        }
        List<Scope> tier1 = services.stream().filter(s -> s.tier() == Tier.TIER_1)
                .map(s -> new Scope(Scope.Kind.SERVICE, s.serviceId())).toList();
        return new ReportInputs.Pair<>(groups(sum(tier1, now), now), groups(sum(tier1, before), before));
    }

    private DayFigures sum(List<Scope> scopes, Period period) {
        DayFigures sum = new DayFigures();
        scopes.forEach(s -> sum.merge(total(s, period), 1));
        return sum;
    }

    /** One snapshot answer of several scopes (a team's internet-facing services), their debt added by tier. */
    private SnapshotQueries.Answer merged(List<Scope> scopes, LocalDate date) {
        if (scopes.size() == 1) {
            return snapshots.query(scopes.get(0), date);
        }
        List<ServiceSnapshot> services = new ArrayList<>();
        Map<Tier, DebtState> debt = new EnumMap<>(Tier.class);
        for (Scope s : scopes) {
            SnapshotQueries.Answer a = snapshots.query(s, date);
            services.addAll(a.services());
            a.debt().forEach((tier, state) -> debt.merge(tier, state, (mine, theirs) -> mine.merge(theirs, 1)));
        }
        return new SnapshotQueries.Answer(services, debt, List.of());
    }

    private static final Comparator<ReportInputs.Failures> MOST_SECURITY_FAILURES = Comparator
            .comparingLong(ReportInputs.Failures::securityFailed).reversed().thenComparing(ReportInputs.Failures::scope);

    private DayFigures total(Scope scope, Period period) {
        return figures.total(scope, period).orElseGet(DayFigures::new);
    }

    private ReportInputs.Groups groups(Scope scope, Period period) {
        return groups(total(scope, period), period);
    }

    private static ReportInputs.Groups groups(DayFigures f, Period period) {
        return new ReportInputs.Groups(DeliveryMetrics.dora(f, period.days()), DeliveryMetrics.security(f), DebtFlowMetrics.of(f),
                SampleSizes.of(f));
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
