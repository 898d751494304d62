package com.devsecopsmetrics.report;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.report.Figures.num;
import static com.devsecopsmetrics.report.Figures.one;
import static com.devsecopsmetrics.report.Figures.percent;
import static com.devsecopsmetrics.report.Figures.two;

/** The monthly report as Markdown ({@code format=md}): the same content as the JSON, for pasting into a review. */
public final class ReportMarkdown {
    private ReportMarkdown() {
    }

    @SuppressWarnings("unchecked")
    public static String render(MonthlyReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# DevSecOps report: ").append(TalkingPoints.name(YearMonth.parse(r.month()))).append(" (").append(r.scope()).append(")\n\n");
        md.append("Period ").append(r.from()).append(" to ").append(r.to()).append(" (exclusive); snapshots as of the last day of the month.\n\n");

        md.append("## Talking points\n\n");
        r.talkingPoints().forEach(p -> md.append("- ").append(p).append('\n'));

        Map<String, Object> m = r.manager();
        Map<String, Object> dora = (Map<String, Object>) m.get("dora_business_critical");
        Map<String, Object> practices = (Map<String, Object>) m.get("tier1_required_practices");
        Map<String, Object> risk = (Map<String, Object>) m.get("weighted_risk_debt_trend");
        Map<String, Object> age = (Map<String, Object>) m.get("exploitable_critical_high_age_days_p50");
        Map<String, Object> bypass = (Map<String, Object>) m.get("gate_bypasses");
        Map<String, Object> secrets = (Map<String, Object>) m.get("secret_exposures_per_1k_commits");
        md.append("\n## Manager view\n\n| item | this month | month before |\n|---|---|---|\n");
        row(md, "Tier-1 deployments per day", two(num(dora, "deployments_per_day")), two(num(dora, "previous_deployments_per_day")));
        row(md, "Tier-1 lead time p50 (hours)", one(num(dora, "lead_time_hours_p50")), one(num(dora, "previous_lead_time_hours_p50")));
        row(md, "Tier-1 change failure rate", percent(num(dora, "change_failure_rate")), percent(num(dora, "previous_change_failure_rate")));
        row(md, "Tier-1 time to restore p50 (hours)", one(num(dora, "time_to_restore_hours_p50")), one(num(dora, "previous_time_to_restore_hours_p50")));
        row(md, "Tier-1 services with SAST, secret and dependency scanning", percent(num(practices, "tier1_asset_coverage")),
                percent(num(practices, "previous_tier1_asset_coverage")));
        row(md, "Tier-1 practice coverage", percent(num(practices, "tier1_practice_coverage")), percent(num(practices, "previous_tier1_practice_coverage")));
        row(md, "Weighted risk index", one(num(risk, "risk_index")), one(num(risk, "previous_risk_index")));
        row(md, "Median age of exploitable critical/high findings (days)", one(num(age, "value")), one(num(age, "previous")));
        row(md, "Gate bypasses", String.valueOf(bypass.get("count")), String.valueOf(bypass.get("previous_count")));
        row(md, "Gate bypass mean time to resolution (hours)", one(num(bypass, "resolution_hours_mean")), one(num(bypass, "previous_resolution_hours_mean")));
        row(md, "Secret exposures per 1,000 commits", two(num(secrets, "value")), two(num(secrets, "previous")));
        List<String> classes = (List<String>) m.get("top_defect_classes");
        row(md, "Top five repeat defect classes", classes == null || classes.isEmpty() ? "none" : String.join(", ", classes), "");
        md.append("\nWeighted risk index by date: ");
        List<Map<String, Object>> points = (List<Map<String, Object>>) risk.get("points");
        md.append(String.join(", ", points.stream().map(p -> p.get("date") + " " + one(num(p, "risk_index"))).toList())).append(".\n");

        md.append("\n## Reading the metrics together\n\n| pattern | seed list | verdict | evidence |\n|---|---|---|---|\n");
        for (PatternVerdicts.PatternVerdict p : r.patterns()) {
            md.append("| ").append(p.pattern()).append(" | ").append(p.reading()).append(" | **").append(p.verdict()).append("** | ")
                    .append(p.evidence()).append(" |\n");
        }

        md.append("\n## What DORA says about security\n");
        for (DoraForSecurity.Answer a : r.doraForSecurity()) {
            md.append("\n**").append(a.question()).append("**\n\n").append(a.answer()).append('\n');
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String item, String now, String before) {
        md.append("| ").append(item).append(" | ").append(now).append(" | ").append(before).append(" |\n");
    }
}
