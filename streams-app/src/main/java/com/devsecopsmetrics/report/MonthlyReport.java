package com.devsecopsmetrics.report;

import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.devsecopsmetrics.events.Tier;
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
                            @JsonProperty("talking_points") List<String> talkingPoints) {

    public static MonthlyReport of(ReportInputs in) {
        return new MonthlyReport(in.month().toString(), "org", in.from().toString(), in.to().toString(), manager(in),
                PatternVerdicts.of(in), DoraForSecurity.of(in), TalkingPoints.of(in));
    }

    /** The seed's "Suggested manager dashboard", in its order, each with the month before for comparison. */
    static ManagerView manager(ReportInputs in) {
        DoraMetrics now = in.tier1().current().dora();
        DoraMetrics before = in.tier1().previous().dora();
        var dora = new ManagerView.BusinessCriticalDora("tier:TIER_1", now.deploymentsPerDay(), before.deploymentsPerDay(),
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
