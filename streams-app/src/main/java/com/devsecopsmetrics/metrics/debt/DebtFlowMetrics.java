package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Sum;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The {@code debt_flow} group of DESIGN §4, from the figures of a scope and period. */
public final class DebtFlowMetrics {
    private DebtFlowMetrics() {
    }

    public static DebtFlow of(DayFigures f) {
        long intake = f.get(Count.INTAKE);
        long fixed = f.get(Count.FIXED);
        long reopened = f.get(Count.REOPENED);
        return new DebtFlow(intake, fixed, DeliveryMetrics.ratio(fixed, intake), reopened, DeliveryMetrics.ratio(reopened, fixed),
                DeliveryMetrics.ratio(f.get(Sum.TRIAGE_HOURS), f.get(Count.TRIAGED)), f.get(Count.NEW_CODE_FINDINGS),
                f.get(Sum.NEW_CODE_BASE_RISK), topDefectClasses(f, 5));
    }

    /** The defect classes with the most intake, ties by name. */
    public static List<String> topDefectClasses(DayFigures f, int n) {
        return f.intakeByDefectClass().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(n).map(Map.Entry::getKey).toList();
    }
}
