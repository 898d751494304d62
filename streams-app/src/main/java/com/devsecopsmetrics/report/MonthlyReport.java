package com.devsecopsmetrics.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.report.Figures.num;

/**
 * The monthly manager report of DESIGN §6: the seed's seven manager items, the reading patterns with verdicts, the
 * DORA-for-security answers and the director talking points, all from one {@link ReportInputs}.
 */
public record MonthlyReport(String month, String scope, String from, String to,
                            Map<String, Object> manager,
                            List<PatternVerdicts.PatternVerdict> patterns,
                            @JsonProperty("dora_for_security") List<DoraForSecurity.Answer> doraForSecurity,
                            @JsonProperty("talking_points") List<String> talkingPoints) {

    public static MonthlyReport of(ReportInputs in) {
        return new MonthlyReport(in.month().toString(), "org", in.from().toString(), in.to().toString(), manager(in),
                PatternVerdicts.of(in), DoraForSecurity.of(in), TalkingPoints.of(in));
    }

    /** The seed's "Suggested manager dashboard", in its order, each with the month before for comparison. */
    static Map<String, Object> manager(ReportInputs in) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> dora = new LinkedHashMap<>();
        dora.put("scope", "tier:TIER_1");
        for (String metric : List.of("deployments_per_day", "lead_time_hours_p50", "change_failure_rate", "time_to_restore_hours_p50")) {
            dora.put(metric, num(in.tier1().current().dora(), metric));
            dora.put("previous_" + metric, num(in.tier1().previous().dora(), metric));
        }
        dora.put("performance_level", in.tier1().current().dora().get("performance_level"));
        m.put("dora_business_critical", dora);

        var cov = in.orgSnapshot().current().coverage();
        var covBefore = in.orgSnapshot().previous().coverage();
        m.put("tier1_required_practices", PatternVerdicts.figures(
                "date", in.end().toString(),
                "tier1_asset_coverage", num(cov, "tier1_asset_coverage"),
                "previous_tier1_asset_coverage", num(covBefore, "tier1_asset_coverage"),
                "tier1_practice_coverage", num(cov, "by_tier", "TIER_1"),
                "previous_tier1_practice_coverage", num(covBefore, "by_tier", "TIER_1")));

        List<Map<String, Object>> points = new ArrayList<>();
        in.riskTrend().forEach((date, risk) -> points.add(PatternVerdicts.figures("date", date.toString(), "risk_index", risk)));
        Double riskNow = num(in.orgSnapshot().current().debt(), "risk_index");
        Double riskBefore = num(in.orgSnapshot().previous().debt(), "risk_index");
        m.put("weighted_risk_debt_trend", PatternVerdicts.figures("risk_index", riskNow, "previous_risk_index", riskBefore,
                "change", riskNow == null || riskBefore == null ? null : riskNow - riskBefore, "points", points));

        m.put("exploitable_critical_high_age_days_p50", PatternVerdicts.figures(
                "value", num(in.orgSnapshot().current().debt(), "exploitable_critical_high_age_days_p50"),
                "previous", num(in.orgSnapshot().previous().debt(), "exploitable_critical_high_age_days_p50")));

        var sec = in.org().current().security();
        var secBefore = in.org().previous().security();
        m.put("gate_bypasses", PatternVerdicts.figures(
                "count", Figures.count(sec, "gate_bypasses"), "previous_count", Figures.count(secBefore, "gate_bypasses"),
                "gate_bypass_rate", num(sec, "gate_bypass_rate"),
                "resolution_hours_mean", num(sec, "gate_bypass_resolution_hours_mean"),
                "previous_resolution_hours_mean", num(secBefore, "gate_bypass_resolution_hours_mean")));

        m.put("secret_exposures_per_1k_commits", PatternVerdicts.figures(
                "value", num(sec, "secret_exposures_per_1k_commits"), "previous", num(secBefore, "secret_exposures_per_1k_commits"),
                "commits", Figures.count(sec, "commits")));

        m.put("top_defect_classes", in.org().current().debtFlow().get("top_defect_classes"));
        return m;
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
