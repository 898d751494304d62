package com.devsecopsmetrics.metrics.delivery;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Samples;
import com.devsecopsmetrics.metrics.DayFigures.Sum;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dora} and {@code security} groups of DESIGN §4, from the figures of a scope and period. The one
 * place these metrics are defined; a ratio or statistic without samples is null, never 0.
 */
public final class DeliveryMetrics {
    private DeliveryMetrics() {
    }

    public static Map<String, Object> dora(DayFigures f, long days) {
        long deployments = f.get(Count.DEPLOYMENTS);
        Double perDay = days > 0 ? (double) deployments / days : null;
        Double leadP50 = f.get(Samples.LEAD_TIME_HOURS).quantile(0.5);
        Double cfr = ratio(f.get(Count.FAILED), deployments);
        Double restoreP50 = f.get(Samples.RESTORE_HOURS).quantile(0.5);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployments", deployments);
        m.put("deployments_per_day", perDay);
        m.put("lead_time_hours_p50", leadP50);
        m.put("lead_time_hours_p90", f.get(Samples.LEAD_TIME_HOURS).quantile(0.9));
        m.put("lead_time_samples", f.get(Samples.LEAD_TIME_HOURS).count());
        m.put("change_failure_rate", cfr);
        m.put("failed_deployments", f.get(Count.FAILED));
        m.put("security_failed_deployments", f.get(Count.SECURITY_FAILED));
        m.put("time_to_restore_hours_p50", restoreP50);
        m.put("time_to_restore_hours_mean", ratio(f.get(Sum.RESTORE_HOURS), f.get(Count.INCIDENTS_RESOLVED)));
        m.put("incidents_resolved", f.get(Count.INCIDENTS_RESOLVED));
        m.put("rework_rate", ratio(f.get(Count.REWORK), deployments));
        Map<String, Object> levels = new LinkedHashMap<>();
        levels.put("deployment_frequency", PerformanceLevel.ofDeploymentsPerDay(perDay));
        levels.put("lead_time", PerformanceLevel.ofLeadTimeHours(leadP50));
        levels.put("change_failure_rate", PerformanceLevel.ofChangeFailureRate(cfr));
        levels.put("time_to_restore", PerformanceLevel.ofTimeToRestoreHours(restoreP50));
        m.put("performance_level", levels);
        return m;
    }

    public static Map<String, Object> security(DayFigures f) {
        long deployments = f.get(Count.DEPLOYMENTS);
        long bypassed = f.get(Count.GATE_BYPASSED);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release_evidence_rate", ratio(f.get(Count.EVIDENCE_COMPLETE), deployments));
        m.put("gate_bypass_rate", ratio(bypassed, bypassed + f.get(Count.GATE_PASSED)));
        m.put("gate_bypasses", bypassed);
        m.put("gate_bypass_resolution_hours_mean", ratio(f.get(Sum.BYPASS_RESOLUTION_HOURS), f.get(Count.BYPASS_RESOLUTIONS)));
        m.put("exploitable_remediation_days_p50", f.get(Samples.EXPLOITABLE_REMEDIATION_DAYS).quantile(0.5));
        m.put("security_hotfix_share", ratio(f.get(Count.SECURITY_HOTFIXES), f.get(Count.HOTFIXES)));
        m.put("secret_rotation_hours_mean", ratio(f.get(Sum.SECRET_ROTATION_HOURS), f.get(Count.SECRET_ROTATIONS)));
        m.put("secret_exposures_per_1k_commits", ratio(f.get(Count.SECRET_EXPOSURES) * 1000.0, f.get(Count.COMMITS)));
        m.put("commits", f.get(Count.COMMITS));
        m.put("security_wait_minutes_p50", f.get(Samples.SECURITY_WAIT_MINUTES).quantile(0.5));
        m.put("security_wait_share", ratio(f.get(Sum.SECURITY_WAIT_MINUTES_WITH_PIPELINE), f.get(Sum.PIPELINE_MINUTES_WITH_WAIT)));
        return m;
    }

    public static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }
}
