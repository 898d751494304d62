package com.devsecopsmetrics.report;

import com.devsecopsmetrics.metrics.delivery.PerformanceLevel;
import com.devsecopsmetrics.report.ReportInputs.Pair;
import com.devsecopsmetrics.events.Tier;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static com.devsecopsmetrics.report.Figures.one;
import static com.devsecopsmetrics.report.Figures.percent;
import static com.devsecopsmetrics.report.Figures.relativeChange;
import static com.devsecopsmetrics.report.Figures.two;

/**
 * The seed's "How to read these metrics together", month over month: each good and each bad pattern gets a
 * verdict. GOOD means the healthy reading holds (for a bad pattern: its opposite), BAD means the unhealthy one
 * holds, NEUTRAL means neither clearly does or there is no data. The evidence names the figures compared.
 */
public final class PatternVerdicts {
    /** A relative change smaller than this is "no change". */
    static final double CHANGE = 0.05;
    /** A coverage change smaller than this (one percentage point) is "no change". */
    static final double POINTS = 0.01;
    /** A gate bypass rate at or under this is "low". */
    static final double LOW_BYPASS_RATE = 0.05;

    public enum Verdict { GOOD, BAD, NEUTRAL }

    /** {@code reason} says why a verdict is NEUTRAL when it was not judged ("low sample"); absent otherwise. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PatternVerdict(String pattern, String reading, Verdict verdict, String evidence, Map<String, Object> figures,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    static final String LOW_SAMPLE = "low sample";

    private PatternVerdicts() {
    }

    public static List<PatternVerdict> of(ReportInputs in) {
        List<PatternVerdict> all = new ArrayList<>();
        all.add(deploymentFrequencyHealthy(in));
        all.add(remediationLeadTimeDrops(in));
        all.add(tier1CoverageRises(in));
        all.add(bypassRateLow(in));
        all.add(riskDebtTrendsDown(in));
        all.add(coverageRisesFromEasyRepos(in));
        all.add(tier1CriticalDebtAges(in));
        all.add(gateBypassesIncrease(in));
        all.add(slowerWithoutLessExposure(in));
        return all;
    }

    static PatternVerdict deploymentFrequencyHealthy(ReportInputs in) {
        Double now = in.org().current().dora().deploymentsPerDay();
        Double before = in.org().previous().dora().deploymentsPerDay();
        PerformanceLevel level = in.org().current().dora().performanceLevel().deploymentFrequency();
        Double change = relativeChange(now, before);
        Verdict v;
        if (now == null || before == null || (now == 0 && before == 0)) {
            v = Verdict.NEUTRAL;
        } else if (change <= -CHANGE) {
            v = Verdict.BAD;
        } else if (level == PerformanceLevel.ELITE || level == PerformanceLevel.HIGH) {
            v = Verdict.GOOD;
        } else {
            v = Verdict.NEUTRAL;
        }
        return good("deployment frequency stays healthy", v,
                "deployments per day " + two(before) + " -> " + two(now) + " (" + level(level) + ")",
                figures("deployments_per_day", now, "previous_deployments_per_day", before, "performance_level", level));
    }

    static PatternVerdict remediationLeadTimeDrops(ReportInputs in) {
        Double now = in.org().current().security().exploitableRemediationDaysP50();
        Double before = in.org().previous().security().exploitableRemediationDaysP50();
        return unjudgedIfThin(in, SampleSizes::exploitableRemediations, "exploitable findings fixed",
                good("remediation lead time drops", lowerIsBetter(now, before, CHANGE),
                "median remediation of exploitable findings " + one(before) + " -> " + one(now) + " days",
                figures("exploitable_remediation_days_p50", now, "previous_exploitable_remediation_days_p50", before)));
    }

    static PatternVerdict tier1CoverageRises(ReportInputs in) {
        Double now = in.orgSnapshot().current().coverage().byTier().get(Tier.TIER_1);
        Double before = in.orgSnapshot().previous().coverage().byTier().get(Tier.TIER_1);
        Verdict v = now == null || before == null ? Verdict.NEUTRAL
                : now - before >= POINTS ? Verdict.GOOD : before - now >= POINTS ? Verdict.BAD : Verdict.NEUTRAL;
        return good("coverage rises in tier-1 systems", v,
                "tier-1 practice coverage " + percent(before) + " -> " + percent(now),
                figures("tier1_practice_coverage", now, "previous_tier1_practice_coverage", before));
    }

    static PatternVerdict bypassRateLow(ReportInputs in) {
        Double now = in.org().current().security().gateBypassRate();
        Double before = in.org().previous().security().gateBypassRate();
        Verdict v = now == null ? Verdict.NEUTRAL
                : now <= LOW_BYPASS_RATE ? Verdict.GOOD
                : before == null || now >= before ? Verdict.BAD : Verdict.NEUTRAL;
        return unjudgedIfThin(in, SampleSizes::gatedDeployments, "gated deployments", good("gate bypass rate is low", v,
                "gate bypass rate " + percent(now) + " (low is at most " + percent(LOW_BYPASS_RATE) + "; " + percent(before) + " the month before)",
                figures("gate_bypass_rate", now, "previous_gate_bypass_rate", before)));
    }

    static PatternVerdict riskDebtTrendsDown(ReportInputs in) {
        Double now = in.orgSnapshot().current().debt().riskIndex();
        Double before = in.orgSnapshot().previous().debt().riskIndex();
        return good("weighted risk debt trends down", lowerIsBetter(now, before, CHANGE),
                "weighted risk index " + one(before) + " -> " + one(now),
                figures("risk_index", now, "previous_risk_index", before));
    }

    /**
     * Flat coverage rose, but not in tier-1, and mostly through tier-3 services: "coverage rises only because more
     * easy repos were added". The catalogue's current entries count at both dates, so each tier's share of the
     * rise is its share of services times the change of its own coverage.
     */
    static PatternVerdict coverageRisesFromEasyRepos(ReportInputs in) {
        Pair<Double> flat = in.orgSnapshot().map(s -> s.coverage().flatPracticeCoverage());
        Pair<Double> weighted = in.orgSnapshot().map(s -> s.coverage().weightedPracticeCoverage());
        Map<String, Double> contributions = tierContributions(in);
        Map<String, Object> f = figures("flat_practice_coverage", flat.current(), "previous_flat_practice_coverage", flat.previous(),
                "weighted_practice_coverage", weighted.current(), "previous_weighted_practice_coverage", weighted.previous());
        f.put("rise_by_tier", contributions);
        String evidence = "flat coverage " + percent(flat.previous()) + " -> " + percent(flat.current()) + ", weighted "
                + percent(weighted.previous()) + " -> " + percent(weighted.current()) + "; points of the flat change from tier 1/2/3: "
                + points(contributions.get("TIER_1")) + "/" + points(contributions.get("TIER_2")) + "/" + points(contributions.get("TIER_3"));
        Double rise = difference(flat);
        if (rise == null || rise < POINTS) {
            return bad("coverage rises only because more \"easy\" repos were added", Verdict.NEUTRAL, "coverage did not rise: " + evidence, f);
        }
        Double weightedRise = difference(weighted);
        Double tier1 = tierChange(in, Tier.TIER_1);
        // A tier without catalogued services has a null share (nothing of the rise came from it), not a missing one.
        Double tier3Share = contributions.get("TIER_3");
        double fromTier3 = tier3Share == null ? 0 : tier3Share;
        Verdict v;
        if ((tier1 == null || tier1 < POINTS) && fromTier3 >= rise / 2) {
            v = Verdict.BAD;
        } else if (tier1 != null && tier1 >= POINTS && weightedRise != null && weightedRise >= rise - 1e-12) {
            v = Verdict.GOOD;
        } else {
            v = Verdict.NEUTRAL;
        }
        return bad("coverage rises only because more \"easy\" repos were added", v, evidence, f);
    }

    static PatternVerdict tier1CriticalDebtAges(ReportInputs in) {
        Double now = in.orgSnapshot().current().debt().openCriticalHighAgeDaysP50ByTier().get(Tier.TIER_1);
        Double before = in.orgSnapshot().previous().debt().openCriticalHighAgeDaysP50ByTier().get(Tier.TIER_1);
        Verdict v = now == null && before != null ? Verdict.GOOD : lowerIsBetter(now, before, CHANGE);
        return bad("critical debt in tier-1 services grows older", v,
                "median age of open critical/high findings in tier-1 services " + one(before) + " -> " + one(now) + " days",
                figures("tier1_critical_high_age_days_p50", now, "previous_tier1_critical_high_age_days_p50", before));
    }

    static PatternVerdict gateBypassesIncrease(ReportInputs in) {
        long now = in.org().current().security().gateBypasses();
        long before = in.org().previous().security().gateBypasses();
        Double rate = in.org().current().security().gateBypassRate();
        Double rateBefore = in.org().previous().security().gateBypassRate();
        Verdict v;
        if (now > before && (rateBefore == null || (rate != null && rate >= rateBefore))) {
            v = Verdict.BAD;
        } else if (now < before || (now == 0 && before == 0 && rate != null)) {
            v = Verdict.GOOD;
        } else {
            v = Verdict.NEUTRAL;
        }
        return unjudgedIfThin(in, SampleSizes::gatedDeployments, "gated deployments", bad("gate bypasses increase", v,
                "gate bypasses " + before + " -> " + now + ", rate " + percent(rateBefore) + " -> " + percent(rate),
                figures("gate_bypasses", now, "previous_gate_bypasses", before, "gate_bypass_rate", rate, "previous_gate_bypass_rate", rateBefore)));
    }

    static PatternVerdict slowerWithoutLessExposure(ReportInputs in) {
        Pair<Double> deploys = in.deploymentsPerDay();
        Pair<Double> risk = in.riskIndex();
        Double deployChange = relativeChange(deploys);
        Double riskChange = relativeChange(risk);
        Verdict v;
        if (deployChange == null || riskChange == null) {
            v = Verdict.NEUTRAL;
        } else if (deployChange <= -CHANGE && riskChange > -CHANGE) {
            v = Verdict.BAD;
        } else if (deployChange > -CHANGE && riskChange <= -CHANGE) {
            v = Verdict.GOOD;
        } else {
            v = Verdict.NEUTRAL;
        }
        return bad("deployment slows but exposure does not meaningfully drop", v,
                "deployments per day " + two(deploys.previous()) + " -> " + two(deploys.current())
                        + ", weighted risk index " + one(risk.previous()) + " -> " + one(risk.current()),
                figures("deployments_per_day", deploys.current(), "previous_deployments_per_day", deploys.previous(),
                        "risk_index", risk.current(), "previous_risk_index", risk.previous()));
    }

    /** Each tier's part of the change of flat coverage: its share of catalogued services × its own coverage change. */
    static Map<String, Double> tierContributions(ReportInputs in) {
        Map<String, Double> byTier = new LinkedHashMap<>();
        double services = 0;
        for (Tier t : Tier.values()) {
            services += tierServices(in, t);
        }
        for (Tier t : Tier.values()) {
            Double change = tierChange(in, t);
            byTier.put(t.name(), change == null || services == 0 ? null : tierServices(in, t) / services * change);
        }
        return byTier;
    }

    static Double tierChange(ReportInputs in, Tier t) {
        var pair = in.tierSnapshots().get(t);
        return pair == null ? null : difference(pair.map(s -> s.coverage().flatPracticeCoverage()));
    }

    /** now - before; null when either is missing. */
    private static Double difference(Pair<Double> values) {
        return values.current() == null || values.previous() == null ? null : values.current() - values.previous();
    }

    static double tierServices(ReportInputs in, Tier t) {
        var pair = in.tierSnapshots().get(t);
        return pair == null ? 0 : pair.current().coverage().services();
    }

    static Verdict lowerIsBetter(Double now, Double before, double tolerance) {
        Double change = relativeChange(now, before);
        if (change == null) {
            return Verdict.NEUTRAL;
        }
        return change <= -tolerance ? Verdict.GOOD : change >= tolerance ? Verdict.BAD : Verdict.NEUTRAL;
    }

    private static String points(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%+.1f", share * 100);
    }

    private static String level(PerformanceLevel level) {
        return level == null ? "no level" : level + " level";
    }

    static Map<String, Object> figures(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static PatternVerdict good(String pattern, Verdict v, String evidence, Map<String, Object> figures) {
        return new PatternVerdict(pattern, "good", v, evidence, figures, null);
    }

    private static PatternVerdict bad(String pattern, Verdict v, String evidence, Map<String, Object> figures) {
        return new PatternVerdict(pattern, "bad", v, evidence, figures, null);
    }

    /**
     * The verdict, or NEUTRAL with reason "low sample" when the rate it compares stands on fewer than
     * {@code report.min.sample} events in either month: a swing of one event in seven is not a trend.
     */
    private static PatternVerdict unjudgedIfThin(ReportInputs in, Function<SampleSizes, Long> count, String what, PatternVerdict v) {
        if (!in.low(in.org(), count)) {
            return v;
        }
        Long now = count.apply(in.org().current().samples());
        Long before = count.apply(in.org().previous().samples());
        Map<String, Object> f = new LinkedHashMap<>(v.figures());
        f.put("samples", now);
        f.put("previous_samples", before);
        f.put("min_sample", in.minSample());
        return new PatternVerdict(v.pattern(), v.reading(), Verdict.NEUTRAL, v.evidence() + "; low sample: " + now + " " + what
                + " this month and " + before + " the month before (at least " + in.minSample() + " each to judge)", f, LOW_SAMPLE);
    }
}
