package com.devsecopsmetrics.query;

import com.devsecopsmetrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.ledger.DayFigures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** The metrics that can be charted: every number of the period groups. */
    public static Set<String> metrics() {
        DayFigures empty = new DayFigures();
        Set<String> names = new TreeSet<>();
        names.addAll(DeliveryMetrics.dora(empty, 1).keySet());
        names.addAll(DeliveryMetrics.security(empty).keySet());
        names.addAll(DebtFlowMetrics.of(empty).keySet());
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

    public static List<Point> of(String metric, Period period, Step step, Function<Period, DayFigures> figures) {
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
            points.add(new Point(from, to, value(metric, figures.apply(bucket), bucket.days())));
        }
        return points;
    }

    static Object value(String metric, DayFigures f, long days) {
        for (Map<String, Object> group : List.of(DeliveryMetrics.dora(f, days), DeliveryMetrics.security(f), DebtFlowMetrics.of(f))) {
            if (group.containsKey(metric)) {
                return group.get(metric);
            }
        }
        throw ApiError.badRequest("unknown metric '" + metric + "'");
    }
}
