package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Sum;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code debt_flow} group of DESIGN §4, from the figures of a scope and period. */
public final class DebtFlowMetrics {
    private DebtFlowMetrics() {
    }

    public static Map<String, Object> of(DayFigures f) {
        long intake = f.get(Count.INTAKE);
        long fixed = f.get(Count.FIXED);
        long reopened = f.get(Count.REOPENED);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intake", intake);
        m.put("fixed", fixed);
        m.put("fix_to_intake_ratio", DeliveryMetrics.ratio(fixed, intake));
        m.put("reopened", reopened);
        m.put("reopen_rate", DeliveryMetrics.ratio(reopened, fixed));
        m.put("triage_hours_mean", DeliveryMetrics.ratio(f.get(Sum.TRIAGE_HOURS), f.get(Count.TRIAGED)));
        m.put("new_code_findings", f.get(Count.NEW_CODE_FINDINGS));
        m.put("new_code_risk", f.get(Sum.NEW_CODE_BASE_RISK));
        m.put("top_defect_classes", topDefectClasses(f, 5));
        return m;
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
