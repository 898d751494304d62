package com.devsecopsmetrics.report;

import com.devsecopsmetrics.metrics.coverage.Coverage;
import com.devsecopsmetrics.metrics.coverage.DebtSnapshot;
import com.devsecopsmetrics.metrics.debt.DebtFlow;
import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.devsecopsmetrics.metrics.delivery.SecurityOverlays;
import com.devsecopsmetrics.events.Tier;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Everything the monthly report reads, as the metric API renders it: the {@code dora}, {@code security} and
 * {@code debt_flow} groups of a period and the {@code coverage} and {@code debt} groups of a snapshot, each the record
 * its metric definition returns. {@link ReportQueries} fills it through the query classes the REST endpoints use;
 * tests fill it by hand.
 *
 * @param month          the month reported
 * @param org            org figures over the month and the month before
 * @param tier1          tier:TIER_1 figures over the month and the month before
 * @param orgSnapshot    org snapshot at the end of the month and of the month before
 * @param tierSnapshots  each tier's snapshot (tier:TIER_n) at the end of the month and of the month before
 * @param riskTrend      org risk_index at the end of the month before and of each week of the month, by date
 * @param teams          each team's security failures over the month
 * @param services       the services with security failures over the month, most first
 * @param ownership      delivery figures over the month of the services with and without an owner and escalation path
 * @param scope          the scope reported: {@code org}, or {@code team:NAME}, whose figures then fill {@code org}
 *                       (and {@code tier1} with the team's tier-1 services)
 * @param minSample      {@code report.min.sample}: fewer events behind a rate or percentile make it low-sample
 */
public record ReportInputs(YearMonth month, Pair<Groups> org, Pair<Groups> tier1, Pair<Snapshot> orgSnapshot,
                           Map<Tier, Pair<Snapshot>> tierSnapshots, Pair<Snapshot> internetFacingSnapshot, Map<LocalDate, Double> riskTrend,
                           List<Failures> teams, List<Failures> services, Ownership ownership, String scope, int minSample) {

    public static final int DEFAULT_MIN_SAMPLE = 10;

    /** Org inputs with the default threshold, as hand-built months in tests use them. */
    public ReportInputs(YearMonth month, Pair<Groups> org, Pair<Groups> tier1, Pair<Snapshot> orgSnapshot,
                        Map<Tier, Pair<Snapshot>> tierSnapshots, Pair<Snapshot> internetFacingSnapshot, Map<LocalDate, Double> riskTrend,
                        List<Failures> teams, List<Failures> services, Ownership ownership) {
        this(month, org, tier1, orgSnapshot, tierSnapshots, internetFacingSnapshot, riskTrend, teams, services, ownership, "org",
                DEFAULT_MIN_SAMPLE);
    }

    /**
     * These inputs with the team and service breakdowns cut to the scopes a reader may see (a team-scoped viewer's
     * own team and services, DESIGN §8); the org, tier and exposure aggregates stay whole.
     */
    public ReportInputs onlyScopes(Predicate<String> visible) {
        return new ReportInputs(month, org, tier1, orgSnapshot, tierSnapshots, internetFacingSnapshot, riskTrend,
                teams.stream().filter(f -> visible.test(f.scope())).toList(),
                services.stream().filter(f -> visible.test(f.scope())).toList(), ownership, scope, minSample);
    }

    /** Whether a count is known and under {@link #minSample}. */
    public boolean low(Long n) {
        return SampleSizes.low(n, minSample);
    }

    /** Whether a count behind a figure of the month or of the month before is low. */
    public boolean low(Pair<Groups> groups, Function<SampleSizes, Long> count) {
        return low(count.apply(groups.current().samples())) || low(count.apply(groups.previous().samples()));
    }

    /** The org's deployments per day over the month and over the month before. */
    public Pair<Double> deploymentsPerDay() {
        return org.map(g -> g.dora().deploymentsPerDay());
    }

    /** The org's weighted risk index at the end of the month and of the month before. */
    public Pair<Double> riskIndex() {
        return orgSnapshot.map(s -> s.debt().riskIndex());
    }

    /** A month's value and the month before's. */
    public record Pair<T>(T current, T previous) {
        /** One figure read from both months. */
        public <R> Pair<R> map(Function<T, R> figure) {
            return new Pair<>(figure.apply(current), figure.apply(previous));
        }
    }

    /** The period groups of {@code GET /api/v1/metrics}, with the event counts behind their rates. */
    public record Groups(DoraMetrics dora, SecurityOverlays security, DebtFlow debtFlow, SampleSizes samples) {
        /** Groups without counts (hand-built months): no figure of them is low-sample. */
        public Groups(DoraMetrics dora, SecurityOverlays security, DebtFlow debtFlow) {
            this(dora, security, debtFlow, SampleSizes.UNKNOWN);
        }
    }

    /** The groups of {@code GET /api/v1/snapshot}. */
    public record Snapshot(Coverage coverage, DebtSnapshot debt) {
    }

    /** A team's or service's security-caused failures. */
    public record Failures(String scope, long deployments, long failed,
                           @JsonProperty("security_failed") long securityFailed) {
    }

    /** The {@code dora} group of the services with and without OWNER_DEFINED at the end of the month. */
    public record Ownership(long servicesWithOwner, DoraMetrics withOwner, long servicesWithoutOwner,
                            DoraMetrics withoutOwner) {
    }

    public LocalDate from() {
        return month.atDay(1);
    }

    public LocalDate to() {
        return month.plusMonths(1).atDay(1);
    }

    public LocalDate end() {
        return month.atEndOfMonth();
    }

    public LocalDate previousEnd() {
        return month.minusMonths(1).atEndOfMonth();
    }
}
