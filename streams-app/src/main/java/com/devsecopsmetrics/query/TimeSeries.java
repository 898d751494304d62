package com.devsecopsmetrics.query;

import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.Coverage;
import com.devsecopsmetrics.metrics.coverage.DebtSnapshot;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Points for charts: a period metric evaluated on consecutive day or week buckets of {@code [from, to)}. Any
 * metric of the dora, security or debt_flow groups can be charted; each point uses the same definition as
 * {@code /api/v1/metrics} over its bucket.
 */
public final class TimeSeries {
    public enum Step { DAY, WEEK }

    public record Point(LocalDate from, LocalDate to, Object value) {
    }

    private TimeSeries() {
    }

    /** Snapshot figures that can be charted; each point is the snapshot at the end of its bucket's last day. */
    public static final Set<String> SNAPSHOT_METRICS = Set.of("risk_index", "accepted_risk_index", "open_findings",
            "weighted_practice_coverage", "flat_practice_coverage", "tier1_asset_coverage",
            "tier1_practice_coverage", "tier2_practice_coverage", "tier3_practice_coverage");

    /** Reads one snapshot figure from the coverage and debt groups. */
    public static Object snapshotValue(String metric, Coverage coverage, DebtSnapshot debt) {
        if (metric.matches("tier\\d_practice_coverage")) {
            return coverage.byTier().get(Tier.valueOf("TIER_" + metric.charAt(4)));
        }
        ObjectNode group = ContractJson.mapper().valueToTree(coverage);
        return group.has(metric) ? group.get(metric) : ContractJson.mapper().valueToTree(debt).get(metric);
    }

    /** The metrics that can be charted: every number of the period groups, and the snapshot figures. */
    public static Set<String> metrics() {
        Set<String> names = new TreeSet<>(periodMetrics());
        names.addAll(SNAPSHOT_METRICS);
        return names;
    }

    private static Set<String> periodMetrics() {
        DayFigures empty = new DayFigures();
        Set<String> names = new TreeSet<>();
        periodGroups(empty, 1).forEach(group -> group.fieldNames().forEachRemaining(names::add));
        names.remove("performance_level");
        names.remove("top_defect_classes");
        return names;
    }

    public static Step parseStep(String step) {
        if (step == null || step.equals("day")) {
            return Step.DAY;
        }
        if (step.equals("week")) {
            return Step.WEEK;
        }
        throw ApiError.badRequest("malformed 'step': '" + step + "'; use day or week");
    }

    public static List<Point> of(String metric, Period period, Step step, Function<Period, DayFigures> figures,
                                 Function<LocalDate, Object> snapshot) {
        if (!metrics().contains(metric)) {
            throw ApiError.badRequest("unknown metric '" + metric + "'; one of " + String.join(", ", metrics()));
        }
        int days = step == Step.DAY ? 1 : 7;
        if (period.days() / days > 1000) {
            throw ApiError.badRequest("too many points: at most 1000 buckets per series");
        }
        List<Point> points = new ArrayList<>();
        for (LocalDate from = period.from(); from.isBefore(period.to()); from = from.plusDays(days)) {
            LocalDate to = from.plusDays(days).isAfter(period.to()) ? period.to() : from.plusDays(days);
            Period bucket = new Period(from, to);
            points.add(new Point(from, to, SNAPSHOT_METRICS.contains(metric)
                    ? snapshot.apply(bucket.lastDay()) : value(metric, figures.apply(bucket), bucket.days())));
        }
        return points;
    }

    static Object value(String metric, DayFigures f, long days) {
        for (ObjectNode group : periodGroups(f, days)) {
            if (group.has(metric)) {
                return group.get(metric);
            }
        }
        throw ApiError.badRequest("unknown metric '" + metric + "'");
    }

    /**
     * The period groups as {@code /api/v1/metrics} renders them: a series names its metric as that answer does, so
     * the JSON names are the one list of what can be charted.
     */
    private static List<ObjectNode> periodGroups(DayFigures f, long days) {
        ObjectMapper mapper = ContractJson.mapper();
        return List.of(mapper.valueToTree(DeliveryMetrics.dora(f, days)), mapper.valueToTree(DeliveryMetrics.security(f)),
                mapper.valueToTree(DebtFlowMetrics.of(f)));
    }
}
