package com.devsecopsmetrics.query;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The intake behind {@code top_defect_classes}, so the dashboard can show how often each class recurs. */
public final class DefectClassIntake {
    private DefectClassIntake() {
    }

    /** The top five defect classes (as {@code top_defect_classes} ranks them) with their intake counts, in rank order. */
    public static Map<String, Long> topFive(DayFigures f) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String defectClass : DebtFlowMetrics.topDefectClasses(f, 5)) {
            counts.put(defectClass, f.intakeByDefectClass().get(defectClass));
        }
        return counts;
    }
}
