package com.devsecopsmetrics.report;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.report.Figures.one;
import static com.devsecopsmetrics.report.Figures.percent;
import static com.devsecopsmetrics.report.Figures.two;

/** The monthly report as Markdown ({@code format=md}): the same content as the JSON, for pasting into a review. */
public final class ReportMarkdown {
    private ReportMarkdown() {
    }

    public static String render(MonthlyReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# DevSecOps report: ").append(TalkingPoints.name(YearMonth.parse(r.month()))).append(" (").append(r.scope()).append(")\n\n");
        md.append("Period ").append(r.from()).append(" to ").append(r.to()).append(" (exclusive); snapshots as of the last day of the month.\n\n");

        md.append("## Talking points\n\n");
        // Each sentence with the figures it states, so the reader can check the words against the numbers.
        r.talkingPointEvidence().forEach(p -> md.append("- ").append(p.text()).append("\n  - evidence: ").append(evidence(p.figures()))
                .append('\n'));

        ManagerView m = r.manager();
        var dora = m.doraBusinessCritical();
        var practices = m.tier1RequiredPractices();
        var risk = m.weightedRiskDebtTrend();
        var age = m.exploitableCriticalHighAgeDaysP50();
        var bypass = m.gateBypasses();
        var secrets = m.secretExposuresPer1kCommits();
        md.append("\n## Manager view\n\n| item | this month | month before |\n|---|---|---|\n");
        row(md, "Tier-1 deployments per day", two(dora.deploymentsPerDay()), two(dora.previousDeploymentsPerDay()));
        row(md, "Tier-1 lead time p50 (hours)", one(dora.leadTimeHoursP50()), one(dora.previousLeadTimeHoursP50()));
        row(md, "Tier-1 change failure rate", percent(dora.changeFailureRate()), percent(dora.previousChangeFailureRate()));
        row(md, "Tier-1 time to restore p50 (hours)", one(dora.timeToRestoreHoursP50()), one(dora.previousTimeToRestoreHoursP50()));
        row(md, "Tier-1 services with SAST, secret and dependency scanning", percent(practices.tier1AssetCoverage()),
                percent(practices.previousTier1AssetCoverage()));
        row(md, "Tier-1 practice coverage", percent(practices.tier1PracticeCoverage()), percent(practices.previousTier1PracticeCoverage()));
        row(md, "Weighted risk index", one(risk.riskIndex()), one(risk.previousRiskIndex()));
        row(md, "Median age of exploitable critical/high findings (days)", one(age.value()), one(age.previous()));
        row(md, "Gate bypasses", String.valueOf(bypass.count()), String.valueOf(bypass.previousCount()));
        row(md, "Gate bypass mean time to resolution (hours)", one(bypass.resolutionHoursMean()), one(bypass.previousResolutionHoursMean()));
        row(md, "Secret exposures per 1,000 commits", two(secrets.value()), two(secrets.previous()));
        List<String> classes = m.topDefectClasses();
        row(md, "Top five repeat defect classes", classes == null || classes.isEmpty() ? "none" : String.join(", ", classes), "");
        md.append("\nWeighted risk index by date: ");
        md.append(String.join(", ", risk.points().stream().map(p -> p.date() + " " + one(p.riskIndex())).toList())).append(".\n");

        if (r.organisation() != null) {
            var org = r.organisation().manager();
            md.append("\nOrganisation this month: weighted risk index ").append(one(org.weightedRiskDebtTrend().riskIndex()))
                    .append(", tier-1 deployments per day ").append(two(org.doraBusinessCritical().deploymentsPerDay()))
                    .append(", tier-1 change failure rate ").append(percent(org.doraBusinessCritical().changeFailureRate()))
                    .append(", gate bypasses ").append(org.gateBypasses().count()).append(".\n");
        }
        if (!r.lowSample().isEmpty()) {
            md.append("\n## Low-sample figures (fewer than ").append(r.minSample()).append(" events: shown, not judged)\n\n");
            r.lowSample().forEach(l -> md.append("- ").append(l.scope()).append(' ').append(l.month()).append(": ").append(l.figure())
                    .append(" (low sample, n=").append(l.n()).append(' ').append(l.sample()).append(")\n"));
        }

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

    /** The figures as "name value" pairs; a missing figure reads n/a as in the sentences, a map (by tier) in braces. */
    private static String evidence(Map<?, ?> figures) {
        return String.join(", ", figures.entrySet().stream().map(e -> e.getKey() + " " + (e.getValue() == null ? "n/a"
                : e.getValue() instanceof Map<?, ?> m ? "{" + evidence(m) + "}" : e.getValue())).toList());
    }

    private static void row(StringBuilder md, String item, String now, String before) {
        md.append("| ").append(item).append(" | ").append(now).append(" | ").append(before).append(" |\n");
    }
}
