package com.devsecopsmetrics.report;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The report's figures that stand on fewer than {@code report.min.sample} events, listed so a reader sees which
 * numbers are too thin to compare; verdicts and sentences built on them say so instead of judging.
 */
public final class LowSamples {
    /** A rate or percentile, the count behind it and where that count comes from. */
    record Figure(String figure, String sample, Function<SampleSizes, Long> count) {
    }

    /** Each period figure of the report with the events it is computed from. */
    static final List<Figure> FIGURES = List.of(
            new Figure("change_failure_rate", "deployments", SampleSizes::deployments),
            new Figure("rework_rate", "deployments", SampleSizes::deployments),
            new Figure("release_evidence_rate", "deployments", SampleSizes::deployments),
            new Figure("lead_time_hours_p50", "lead_time_samples", SampleSizes::leadTimeSamples),
            new Figure("time_to_restore_hours_p50", "incidents_resolved", SampleSizes::incidentsResolved),
            new Figure("gate_bypass_rate", "gated_deployments", SampleSizes::gatedDeployments),
            new Figure("exploitable_remediation_days_p50", "exploitable_remediations", SampleSizes::exploitableRemediations),
            new Figure("fix_to_intake_ratio", "intake", SampleSizes::intake));

    /** One low-sample figure: of which scope and month, and the {@code n} events behind it. */
    public record LowSample(String scope, String month, String figure, String sample, long n) {
    }

    private LowSamples() {
    }

    /** Every low-sample figure of the report's scope and its tier-1 part, this month and the month before; then ownership. */
    public static List<LowSample> of(ReportInputs in) {
        List<LowSample> low = new ArrayList<>();
        add(low, in, in.scope(), in.org());
        add(low, in, MonthlyReport.tier1Scope(in), in.tier1());
        var o = in.ownership();
        String month = in.month().toString();
        if (lowAndPresent(in, o.withOwner().incidentsResolved())) {
            low.add(new LowSample(in.scope(), month, "time_to_restore_hours_p50_with_owner", "incidents_with_owner",
                    o.withOwner().incidentsResolved()));
        }
        if (lowAndPresent(in, o.withoutOwner().incidentsResolved())) {
            low.add(new LowSample(in.scope(), month, "time_to_restore_hours_p50_without_owner", "incidents_without_owner",
                    o.withoutOwner().incidentsResolved()));
        }
        return low;
    }

    private static void add(List<LowSample> low, ReportInputs in, String scope, ReportInputs.Pair<ReportInputs.Groups> groups) {
        YearMonth[] months = {in.month(), in.month().minusMonths(1)};
        SampleSizes[] samples = {groups.current().samples(), groups.previous().samples()};
        for (int i = 0; i < 2; i++) {
            for (Figure f : FIGURES) {
                Long n = f.count().apply(samples[i]);
                if (lowAndPresent(in, n)) {
                    low.add(new LowSample(scope, months[i].toString(), f.figure(), f.sample(), n));
                }
            }
        }
    }

    /** Low, with at least one event: a figure from no event is null and shown as missing, not as thin. */
    private static boolean lowAndPresent(ReportInputs in, Long n) {
        return in.low(n) && n > 0;
    }

    /** The words a sentence adds about a thin figure. */
    static String tooFew(long n, String what, ReportInputs in) {
        return "only " + n + " " + what + " (fewer than " + in.minSample() + "), too few to judge";
    }
}
