package com.devsecopsmetrics.report;

import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.report.ReportInputs.Pair;

import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.devsecopsmetrics.report.Figures.one;
import static com.devsecopsmetrics.report.Figures.percent;
import static com.devsecopsmetrics.report.Figures.relativeChange;
import static com.devsecopsmetrics.report.Figures.two;
import static com.devsecopsmetrics.report.PatternVerdicts.figures;

/**
 * The seed's director talking points as sentences with the month's figures in them. Every figure is a value of
 * {@code /api/v1/metrics} or {@code /api/v1/snapshot} for the month (or its last day), rounded as {@link Figures}
 * writes it; the wording follows the figures, so a bad month is not described as a good one.
 */
public final class TalkingPoints {
    /** A sentence and the figures it states, by their API names, so a reader can check one against the other. */
    public record Point(String text, Map<String, Object> figures) {
    }

    private TalkingPoints() {
    }

    public static List<Point> of(ReportInputs in) {
        return List.of(evidence(in), exploitableAge(in), coverageGrowth(in), remediationFlow(in), gateBypasses(in), riskIndex(in));
    }

    public static List<String> texts(List<Point> points) {
        return points.stream().map(Point::text).toList();
    }

    static String name(YearMonth m) {
        return m.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + m.getYear();
    }

    static Point evidence(ReportInputs in) {
        Double now = in.tier1().current().security().releaseEvidenceRate();
        Double before = in.tier1().previous().security().releaseEvidenceRate();
        Long releases = in.tier1().current().samples().deployments();
        Long releasesBefore = in.tier1().previous().samples().deployments();
        Map<String, Object> f = figures("release_evidence_rate", now, "previous_release_evidence_rate", before,
                "deployments", releases, "previous_deployments", releasesBefore);
        if (now == null) {
            return new Point("No tier-1 release was deployed in " + name(in.month()) + ", so there is no evidence rate for tier-1 releases.", f);
        }
        String text = "Security evidence is now attached to " + percent(now) + " of tier-1 releases in " + name(in.month())
                + " (" + percent(before) + " in " + name(in.month().minusMonths(1)) + ")";
        boolean thin = in.low(in.tier1(), SampleSizes::deployments);
        return new Point(text + (thin ? "; low sample: " + releases + " tier-1 releases this month and " + releasesBefore
                + " the month before, too few to call a change (at least " + in.minSample() + " each)." : "."), f);
    }

    static Point exploitableAge(ReportInputs in) {
        // Customer-facing services are those the catalogue marks internet-facing (the exposure:internet scope).
        var exposed = in.internetFacingSnapshot();
        Double now = exposed.current().debt().exploitableCriticalHighAgeDaysP50();
        Double before = exposed.previous().debt().exploitableCriticalHighAgeDaysP50();
        return new Point(exploitableAge(in, now, before), figures("exploitable_critical_high_age_days_p50", now,
                "previous_exploitable_critical_high_age_days_p50", before));
    }

    private static String exploitableAge(ReportInputs in, Double now, Double before) {
        String subject = "Median age of exploitable critical/high findings in internet-facing (customer-facing) services";
        if (now == null && before == null) {
            return "No exploitable critical/high finding was open in internet-facing (customer-facing) services at the end of "
                    + name(in.month()) + " or of " + name(in.month().minusMonths(1)) + ".";
        }
        if (now == null) {
            return "No exploitable critical/high finding is open in internet-facing (customer-facing) services any more; the median age was "
                    + one(before) + " days at the end of " + name(in.month().minusMonths(1)) + ".";
        }
        if (before == null) {
            return subject + " is " + one(now) + " days at the end of " + name(in.month()) + "; none was open a month earlier.";
        }
        String verb = one(now).equals(one(before)) ? "stayed" : now < before ? "decreased" : "increased";
        return subject + " " + verb + " from " + one(before) + " days to " + one(now) + " days in " + name(in.month()) + ".";
    }

    static Point coverageGrowth(ReportInputs in) {
        var now = in.orgSnapshot().current().coverage();
        var before = in.orgSnapshot().previous().coverage();
        Map<String, Object> f = figures("weighted_practice_coverage", now.weightedPracticeCoverage(),
                "previous_weighted_practice_coverage", before.weightedPracticeCoverage(), "flat_practice_coverage", now.flatPracticeCoverage(),
                "previous_flat_practice_coverage", before.flatPracticeCoverage(), "by_tier", now.byTier(), "previous_by_tier", before.byTier());
        StringBuilder s = new StringBuilder("Weighted practice coverage moved from ")
                .append(percent(before.weightedPracticeCoverage())).append(" to ").append(percent(now.weightedPracticeCoverage()))
                .append(" (flat: ").append(percent(before.flatPracticeCoverage())).append(" to ")
                .append(percent(now.flatPracticeCoverage())).append("); by tier, ");
        List<String> tiers = new ArrayList<>();
        for (Tier t : Tier.values()) {
            tiers.add("tier-" + t.name().substring(5) + " " + percent(before.byTier().get(t)) + " to "
                    + percent(now.byTier().get(t)));
        }
        s.append(String.join(", ", tiers)).append(", so ").append(growthSource(in)).append('.');
        return new Point(s.toString(), f);
    }

    private static String growthSource(ReportInputs in) {
        Double flatNow = in.orgSnapshot().current().coverage().flatPracticeCoverage();
        Double flatBefore = in.orgSnapshot().previous().coverage().flatPracticeCoverage();
        if (flatNow == null || flatBefore == null || flatNow - flatBefore < PatternVerdicts.POINTS) {
            return "coverage did not grow this month";
        }
        Map<String, Double> byTier = PatternVerdicts.tierContributions(in);
        String top = byTier.entrySet().stream().filter(e -> e.getValue() != null)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        return switch (top) {
            case "TIER_1" -> "coverage growth came mainly from tier-1 services, not from low-risk estate";
            case "TIER_2" -> "coverage growth came mainly from tier-2 services, with tier-1 " + (byTier.get("TIER_1") != null && byTier.get("TIER_1") > 0 ? "also rising" : "not rising");
            case "TIER_3" -> "coverage growth came mainly from tier-3 (low-risk) services, which flatters the flat average";
            default -> "the source of coverage growth cannot be told";
        };
    }

    /**
     * "Improved" only when more was fixed than came in (or the fix-to-intake ratio rose), the ratio did not fall,
     * exploitable findings were not fixed more slowly, and the risk index did not rise; fewer new findings than
     * {@code report.min.sample} give no judgement. Otherwise the sentence states what happened.
     */
    static Point remediationFlow(ReportInputs in) {
        var flow = in.org().current().debtFlow();
        Double ratio = flow.fixToIntakeRatio();
        Double ratioBefore = in.org().previous().debtFlow().fixToIntakeRatio();
        Pair<Double> deploys = in.deploymentsPerDay();
        Pair<Double> riskIndex = in.riskIndex();
        Double ratioChange = relativeChange(ratio, ratioBefore);
        Double riskChange = relativeChange(riskIndex);
        PatternVerdicts.Verdict leadTime = PatternVerdicts.remediationLeadTimeDrops(in).verdict();
        boolean ratioUp = ratioChange != null && ratioChange >= PatternVerdicts.CHANGE;
        boolean ratioDown = ratioChange != null && ratioChange <= -PatternVerdicts.CHANGE;
        boolean fixesKeptUp = flow.intake() > 0 && flow.fixed() >= flow.intake();
        boolean riskRose = riskChange != null && riskChange >= PatternVerdicts.CHANGE;
        boolean riskFell = riskChange != null && riskChange <= -PatternVerdicts.CHANGE;
        boolean thin = in.low(in.org().current().samples().intake());
        boolean improved = !thin && (ratioUp || fixesKeptUp || leadTime == PatternVerdicts.Verdict.GOOD) && !ratioDown
                && leadTime != PatternVerdicts.Verdict.BAD && !riskRose;
        Double deployChange = relativeChange(deploys);
        boolean reduced = deployChange != null && deployChange <= -PatternVerdicts.CHANGE;
        String lead = thin ? "Too few new findings to judge remediation flow (" + LowSamples.tooFew(flow.intake(), "new", in) + ")"
                + (reduced ? "; deployment frequency fell" : "; deployment frequency held")
                : improved && !reduced ? "We improved remediation flow without reducing deployment frequency"
                : improved ? "Remediation flow improved, but deployment frequency fell"
                : "Remediation flow did not improve" + happened(flow.intake(), flow.fixed(), riskRose, riskIndex)
                + (reduced ? " and deployment frequency fell" : ", though deployment frequency held");
        String text = lead + ": " + flow.fixed() + " findings fixed against " + flow.intake()
                + " new (fix-to-intake ratio " + two(ratio) + ", " + two(ratioBefore) + " in " + name(in.month().minusMonths(1))
                + "), exploitable findings fixed in " + one(in.org().current().security().exploitableRemediationDaysP50())
                + " days at the median (" + one(in.org().previous().security().exploitableRemediationDaysP50())
                + " before), while deployments went from " + two(deploys.previous()) + " to " + two(deploys.current()) + " a day"
                + (improved && riskFell
                        ? "; the weighted risk index fell from " + one(riskIndex.previous()) + " to " + one(riskIndex.current()) : "") + ".";
        return new Point(text, figures("fixed", flow.fixed(), "intake", flow.intake(), "fix_to_intake_ratio", ratio,
                "previous_fix_to_intake_ratio", ratioBefore, "risk_index", riskIndex.current(), "previous_risk_index", riskIndex.previous(),
                "exploitable_remediation_days_p50", in.org().current().security().exploitableRemediationDaysP50(),
                "previous_exploitable_remediation_days_p50", in.org().previous().security().exploitableRemediationDaysP50(),
                "deployments_per_day", deploys.current(), "previous_deployments_per_day", deploys.previous()));
    }

    /** What went the wrong way: intake above fixes, and the risk index rising. */
    private static String happened(long intake, long fixed, boolean riskRose, Pair<Double> riskIndex) {
        String s = intake > fixed ? ": intake (" + intake + ") outpaced fixes (" + fixed + ")" : "";
        if (riskRose) {
            s += (s.isEmpty() ? ": " : " and ") + "the weighted risk index rose from " + one(riskIndex.previous())
                    + " to " + one(riskIndex.current());
        }
        return s;
    }

    static Point gateBypasses(ReportInputs in) {
        var now = in.org().current().security();
        var before = in.org().previous().security();
        Long gated = in.org().current().samples().gatedDeployments();
        String text = "Gate bypasses: " + now.gateBypasses() + " in " + name(in.month()) + " (rate "
                + percent(now.gateBypassRate()) + ") against " + before.gateBypasses() + " in "
                + name(in.month().minusMonths(1)) + " (rate " + percent(before.gateBypassRate())
                + "); a bypass was followed by a passing release after " + one(now.gateBypassResolutionHoursMean())
                + " hours on average" + (in.low(in.org(), SampleSizes::gatedDeployments)
                ? "; low sample: " + gated + " gated deployments this month and " + in.org().previous().samples().gatedDeployments()
                + " the month before, too few to compare the rates (at least " + in.minSample() + " each)." : ".");
        return new Point(text, figures("gate_bypasses", now.gateBypasses(), "previous_gate_bypasses", before.gateBypasses(),
                "gate_bypass_rate", now.gateBypassRate(), "previous_gate_bypass_rate", before.gateBypassRate(),
                "gate_bypass_resolution_hours_mean", now.gateBypassResolutionHoursMean(), "gated_deployments", gated));
    }

    static Point riskIndex(ReportInputs in) {
        Double now = in.orgSnapshot().current().debt().riskIndex();
        Double before = in.orgSnapshot().previous().debt().riskIndex();
        return new Point("The weighted risk index of open findings went from " + one(before) + " to " + one(now) + " between the end of "
                + name(in.month().minusMonths(1)) + " and the end of " + name(in.month()) + ".",
                figures("risk_index", now, "previous_risk_index", before));
    }
}
