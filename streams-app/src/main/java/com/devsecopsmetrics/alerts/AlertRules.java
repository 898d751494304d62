package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.config.AlertSettings;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert conditions of DESIGN §6 over the partition reports of one scope, as of a completed day. Each rule
 * gives whether its condition holds and the evidence behind that; the evaluator turns changes into OPEN and
 * CLEARED. Pure functions, so each rule is tested on hand-built reports.
 */
public final class AlertRules {
    public static final String GATE_BYPASS_RATE_RISING = "GATE_BYPASS_RATE_RISING";
    public static final String TIER1_FINDING_PAST_SLA = "TIER1_FINDING_PAST_SLA";
    public static final String TIER1_COVERAGE_DROP = "TIER1_COVERAGE_DROP";
    public static final List<String> TYPES = List.of(GATE_BYPASS_RATE_RISING, TIER1_FINDING_PAST_SLA, TIER1_COVERAGE_DROP);

    static final Comparator<PartitionReport.PastSla> OLDEST_FIRST = Comparator
            .comparingDouble(PartitionReport.PastSla::ageDays).reversed()
            .thenComparing(PartitionReport.PastSla::serviceId).thenComparing(PartitionReport.PastSla::findingId);

    private AlertRules() {
    }

    /** A rule's outcome: whether the condition holds, and the figures that say so. */
    public record Outcome(boolean holds, AlertEvidence evidence) {
    }

    /** Each rule's outcome for a scope; {@code figures} are that scope's figures from every partition that has it. */
    public static Map<String, Outcome> evaluate(Collection<PartitionReport.ScopeFigures> figures, LocalDate day, AlertSettings s) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put(GATE_BYPASS_RATE_RISING, gateBypassRising(figures, day, s));
        outcomes.put(TIER1_FINDING_PAST_SLA, pastSla(figures, day, s));
        outcomes.put(TIER1_COVERAGE_DROP, coverageDrop(figures, day, s));
        return outcomes;
    }

    /** Gate outcomes over {@code [from, to]}: passed and bypassed production deployments. */
    record Gates(long passed, long bypassed) {
        /** gate_bypass_rate as DESIGN §4 defines it, through the metric's one definition. */
        Double rate() {
            return DeliveryMetrics.ratio(bypassed, bypassed + passed);
        }
    }

    static Gates gates(Collection<PartitionReport.ScopeFigures> figures, LocalDate from, LocalDate to) {
        long passed = 0;
        long bypassed = 0;
        for (PartitionReport.ScopeFigures f : figures) {
            for (Map.Entry<String, long[]> day : f.gates().entrySet()) {
                LocalDate d = LocalDate.parse(day.getKey());
                if (!d.isBefore(from) && !d.isAfter(to)) {
                    passed += day.getValue()[0];
                    bypassed += day.getValue()[1];
                }
            }
        }
        return new Gates(passed, bypassed);
    }

    /**
     * The recent window's bypass rate is at least {@code rateRatio} times the baseline's, with at least
     * {@code minBypasses} bypasses in it. Without gated deployments in the baseline there is no rate to rise from.
     */
    static Outcome gateBypassRising(Collection<PartitionReport.ScopeFigures> figures, LocalDate day, AlertSettings s) {
        LocalDate recentFrom = day.minusDays(s.recentDays() - 1L);
        LocalDate baselineTo = recentFrom.minusDays(1);
        LocalDate baselineFrom = recentFrom.minusDays(s.baselineDays());
        Gates recent = gates(figures, recentFrom, day);
        Gates baseline = gates(figures, baselineFrom, baselineTo);
        Double rate = recent.rate();
        Double baselineRate = baseline.rate();
        boolean holds = recent.bypassed() >= s.minBypasses() && rate != null && baselineRate != null
                && rate >= s.rateRatio() * baselineRate;
        return new Outcome(holds, new AlertEvidence.GateBypassRising(recentFrom.toString(), day.plusDays(1).toString(), rate,
                recent.bypassed(), recent.passed() + recent.bypassed(), baselineFrom.toString(), recentFrom.toString(), baselineRate,
                baseline.bypassed(), baseline.passed() + baseline.bypassed(), s.rateRatio(), s.minBypasses()));
    }

    /** A tier-1 service has an open finding older than its severity's SLA. */
    static Outcome pastSla(Collection<PartitionReport.ScopeFigures> figures, LocalDate day, AlertSettings s) {
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity sev : Severity.values()) {
            bySeverity.put(sev.name(), 0L);
        }
        List<PartitionReport.PastSla> all = new ArrayList<>();
        for (PartitionReport.ScopeFigures f : figures) {
            f.tier1().pastSlaBySeverity().forEach((sev, n) -> bySeverity.merge(sev, n, Long::sum));
            all.addAll(f.tier1().oldestPastSla());
        }
        long total = bySeverity.values().stream().mapToLong(Long::longValue).sum();
        List<AlertEvidence.Finding> oldest = all.stream().sorted(OLDEST_FIRST).limit(PartitionReport.Tier1.KEPT_FINDINGS)
                .map(p -> new AlertEvidence.Finding(p.serviceId(), p.findingId(), p.severity(), p.ageDays(), p.slaDays())).toList();
        Map<String, Integer> sla = new TreeMap<>();
        s.slaDays().forEach((sev, d) -> sla.put(sev.name(), d));
        return new Outcome(total > 0, new AlertEvidence.Tier1PastSla(day.toString(), total, bySeverity, oldest, sla));
    }

    /** Tier-1 practice coverage fell by at least {@code coverageDrop} against {@code coverageDays} earlier. */
    static Outcome coverageDrop(Collection<PartitionReport.ScopeFigures> figures, LocalDate day, AlertSettings s) {
        long services = 0;
        double now = 0;
        double before = 0;
        for (PartitionReport.ScopeFigures f : figures) {
            services += f.tier1().services();
            now += f.tier1().practiceSum();
            before += f.tier1().practiceSumBefore();
        }
        Double coverage = services == 0 ? null : now / services;
        Double baseline = services == 0 ? null : before / services;
        // The tolerance keeps an exact drop of the threshold (e.g. one practice of eight on a few services) from
        // depending on floating-point rounding.
        boolean holds = coverage != null && baseline - coverage >= s.coverageDrop() - 1e-9;
        return new Outcome(holds, new AlertEvidence.Tier1CoverageDrop(day.toString(), coverage, day.minusDays(s.coverageDays()).toString(),
                baseline, coverage == null ? null : baseline - coverage, s.coverageDrop(), services));
    }
}
