package com.devsecopsmetrics.report;

import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.devsecopsmetrics.events.Tier;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly manager report of DESIGN §6: the seed's seven manager items, the reading patterns with verdicts, the
 * DORA-for-security answers and the director talking points, all from one {@link ReportInputs}.
 */
public record MonthlyReport(String month, String scope, String from, String to,
                            ManagerView manager,
                            List<PatternVerdicts.PatternVerdict> patterns,
                            @JsonProperty("dora_for_security") List<DoraForSecurity.Answer> doraForSecurity,
                            @JsonProperty("talking_points") List<String> talkingPoints,
                            @JsonProperty("talking_point_evidence") List<TalkingPoints.Point> talkingPointEvidence,
                            @JsonProperty("min_sample") int minSample,
                            @JsonProperty("low_sample") List<LowSamples.LowSample> lowSample,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Organisation organisation) {

    /** A team report's comparison: the organisation's manager items over the same month. */
    public record Organisation(String scope, ManagerView manager) {
    }

    public static MonthlyReport of(ReportInputs in) {
        List<TalkingPoints.Point> points = TalkingPoints.of(in);
        return new MonthlyReport(in.month().toString(), in.scope(), in.from().toString(), in.to().toString(), manager(in),
                PatternVerdicts.of(in), DoraForSecurity.of(in), TalkingPoints.texts(points), points, in.minSample(),
                LowSamples.of(in), null);
    }

    /** This report with the organisation's manager items beside its own (a team report). */
    public MonthlyReport withOrganisation(ManagerView org) {
        return new MonthlyReport(month, scope, from, to, manager, patterns, doraForSecurity, talkingPoints, talkingPointEvidence,
                minSample, lowSample, new Organisation("org", org));
    }

    /**
     * The tier-1 part of the report's scope: tier:TIER_1, or a team's tier-1 services ("tier:TIER_1 of team:X", so
     * that the team-visibility filter, which drops rows whose scope starts with another team's, reads it as a tier).
     */
    static String tier1Scope(ReportInputs in) {
        return "org".equals(in.scope()) ? "tier:TIER_1" : "tier:TIER_1 of " + in.scope();
    }

    /** The seed's "Suggested manager dashboard", in its order, each with the month before for comparison. */
    public static ManagerView manager(ReportInputs in) {
        DoraMetrics now = in.tier1().current().dora();
        DoraMetrics before = in.tier1().previous().dora();
        var dora = new ManagerView.BusinessCriticalDora(tier1Scope(in), now.deploymentsPerDay(), before.deploymentsPerDay(),
                now.leadTimeHoursP50(), before.leadTimeHoursP50(), now.changeFailureRate(), before.changeFailureRate(),
                now.timeToRestoreHoursP50(), before.timeToRestoreHoursP50(), now.performanceLevel());

        var cov = in.orgSnapshot().current().coverage();
        var covBefore = in.orgSnapshot().previous().coverage();
        var practices = new ManagerView.Tier1Practices(in.end().toString(), cov.tier1AssetCoverage(), covBefore.tier1AssetCoverage(),
                cov.byTier().get(Tier.TIER_1), covBefore.byTier().get(Tier.TIER_1));

        List<ManagerView.RiskPoint> points = new ArrayList<>();
        in.riskTrend().forEach((date, risk) -> points.add(new ManagerView.RiskPoint(date.toString(), risk)));
        double riskNow = in.orgSnapshot().current().debt().riskIndex();
        double riskBefore = in.orgSnapshot().previous().debt().riskIndex();
        var risk = new ManagerView.RiskTrend(riskNow, riskBefore, riskNow - riskBefore, points);

        var age = new ManagerView.Comparison(in.orgSnapshot().current().debt().exploitableCriticalHighAgeDaysP50(),
                in.orgSnapshot().previous().debt().exploitableCriticalHighAgeDaysP50());

        var sec = in.org().current().security();
        var secBefore = in.org().previous().security();
        var bypasses = new ManagerView.GateBypasses(sec.gateBypasses(), secBefore.gateBypasses(), sec.gateBypassRate(),
                sec.gateBypassResolutionHoursMean(), secBefore.gateBypassResolutionHoursMean());
        var secrets = new ManagerView.SecretExposures(sec.secretExposuresPer1kCommits(), secBefore.secretExposuresPer1kCommits(),
                sec.commits());

        return new ManagerView(dora, practices, risk, age, bypasses, secrets, in.org().current().debtFlow().topDefectClasses());
    }

    /** The dates of the risk trend: the end of the month before, then the end of each full week and of the month. */
    public static List<LocalDate> riskTrendDates(ReportInputs.Pair<LocalDate> ends) {
        List<LocalDate> dates = new ArrayList<>();
        dates.add(ends.previous());
        for (LocalDate d = ends.previous().plusDays(7); d.isBefore(ends.current()); d = d.plusDays(7)) {
            dates.add(d);
        }
        dates.add(ends.current());
        return dates;
    }
}
