package com.devsecopsmetrics.report;

import com.devsecopsmetrics.events.Tier;

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

/**
 * The seed's director talking points as sentences with the month's figures in them. Every figure is a value of
 * {@code /api/v1/metrics} or {@code /api/v1/snapshot} for the month (or its last day), rounded as {@link Figures}
 * writes it; the wording follows the figures, so a bad month is not described as a good one.
 */
public final class TalkingPoints {
    private TalkingPoints() {
    }

    public static List<String> of(ReportInputs in) {
        List<String> points = new ArrayList<>();
        points.add(evidence(in));
        points.add(exploitableAge(in));
        points.add(coverageGrowth(in));
        points.add(remediationFlow(in));
        points.add(gateBypasses(in));
        points.add(riskIndex(in));
        return points;
    }

    static String name(YearMonth m) {
        return m.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + m.getYear();
    }

    static String evidence(ReportInputs in) {
        Double now = in.tier1().current().security().releaseEvidenceRate();
        Double before = in.tier1().previous().security().releaseEvidenceRate();
        if (now == null) {
            return "No tier-1 release was deployed in " + name(in.month()) + ", so there is no evidence rate for tier-1 releases.";
        }
        return "Security evidence is now attached to " + percent(now) + " of tier-1 releases in " + name(in.month())
                + " (" + percent(before) + " in " + name(in.month().minusMonths(1)) + ").";
    }

    static String exploitableAge(ReportInputs in) {
        // Customer-facing services are those the catalogue marks internet-facing (the exposure:internet scope).
        var exposed = in.internetFacingSnapshot();
        Double now = exposed.current().debt().exploitableCriticalHighAgeDaysP50();
        Double before = exposed.previous().debt().exploitableCriticalHighAgeDaysP50();
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

    static String coverageGrowth(ReportInputs in) {
        var now = in.orgSnapshot().current().coverage();
        var before = in.orgSnapshot().previous().coverage();
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
        return s.toString();
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

    static String remediationFlow(ReportInputs in) {
        var flow = in.org().current().debtFlow();
        Double ratio = flow.fixToIntakeRatio();
        Double ratioBefore = in.org().previous().debtFlow().fixToIntakeRatio();
        Double deployNow = in.org().current().dora().deploymentsPerDay();
        Double deployBefore = in.org().previous().dora().deploymentsPerDay();
        // Improved: the fix-to-intake ratio rose or exploitable remediation got faster, and neither went the other way.
        Double ratioChange = relativeChange(ratio, ratioBefore);
        PatternVerdicts.Verdict leadTime = PatternVerdicts.remediationLeadTimeDrops(in).verdict();
        boolean ratioUp = ratioChange != null && ratioChange >= PatternVerdicts.CHANGE;
        boolean ratioDown = ratioChange != null && ratioChange <= -PatternVerdicts.CHANGE;
        boolean improved = (ratioUp || leadTime == PatternVerdicts.Verdict.GOOD) && !ratioDown && leadTime != PatternVerdicts.Verdict.BAD;
        Double deployChange = relativeChange(deployNow, deployBefore);
        boolean reduced = deployChange != null && deployChange <= -PatternVerdicts.CHANGE;
        String lead = improved && !reduced ? "We improved remediation flow without reducing deployment frequency"
                : improved ? "Remediation flow improved, but deployment frequency fell"
                : !reduced ? "Remediation flow did not improve, though deployment frequency held"
                : "Remediation flow did not improve and deployment frequency fell";
        return lead + ": " + flow.fixed() + " findings fixed against " + flow.intake()
                + " new (fix-to-intake ratio " + two(ratio) + ", " + two(ratioBefore) + " in " + name(in.month().minusMonths(1))
                + "), exploitable findings fixed in " + one(in.org().current().security().exploitableRemediationDaysP50())
                + " days at the median (" + one(in.org().previous().security().exploitableRemediationDaysP50())
                + " before), while deployments went from " + two(deployBefore) + " to " + two(deployNow) + " a day.";
    }

    static String gateBypasses(ReportInputs in) {
        var now = in.org().current().security();
        var before = in.org().previous().security();
        return "Gate bypasses: " + now.gateBypasses() + " in " + name(in.month()) + " (rate "
                + percent(now.gateBypassRate()) + ") against " + before.gateBypasses() + " in "
                + name(in.month().minusMonths(1)) + " (rate " + percent(before.gateBypassRate())
                + "); a bypass was followed by a passing release after " + one(now.gateBypassResolutionHoursMean())
                + " hours on average.";
    }

    static String riskIndex(ReportInputs in) {
        return "The weighted risk index of open findings went from " + one(in.orgSnapshot().previous().debt().riskIndex())
                + " to " + one(in.orgSnapshot().current().debt().riskIndex()) + " between the end of "
                + name(in.month().minusMonths(1)) + " and the end of " + name(in.month()) + ".";
    }
}
