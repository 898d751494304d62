package com.devsecopsmetrics.metrics.delivery;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Samples;
import com.devsecopsmetrics.metrics.DayFigures.Sum;

/**
 * The {@code dora} and {@code security} groups of DESIGN §4, from the figures of a scope and period. The one
 * place these metrics are defined; a ratio or statistic without samples is null, never 0.
 */
public final class DeliveryMetrics {
    private DeliveryMetrics() {
    }

    public static DoraMetrics dora(DayFigures f, long days) {
        long deployments = f.get(Count.DEPLOYMENTS);
        Double perDay = days > 0 ? (double) deployments / days : null;
        Double leadP50 = f.get(Samples.LEAD_TIME_HOURS).quantile(0.5);
        Double cfr = ratio(f.get(Count.FAILED), deployments);
        Double restoreP50 = f.get(Samples.RESTORE_HOURS).quantile(0.5);
        return new DoraMetrics(deployments, perDay, leadP50, f.get(Samples.LEAD_TIME_HOURS).quantile(0.9),
                f.get(Samples.LEAD_TIME_HOURS).count(), cfr, f.get(Count.FAILED), f.get(Count.SECURITY_FAILED), restoreP50,
                ratio(f.get(Sum.RESTORE_HOURS), f.get(Count.INCIDENTS_RESOLVED)), f.get(Count.INCIDENTS_RESOLVED),
                ratio(f.get(Count.REWORK), deployments),
                new DoraMetrics.PerformanceLevels(PerformanceLevel.ofDeploymentsPerDay(perDay), PerformanceLevel.ofLeadTimeHours(leadP50),
                        PerformanceLevel.ofChangeFailureRate(cfr), PerformanceLevel.ofTimeToRestoreHours(restoreP50)));
    }

    public static SecurityOverlays security(DayFigures f) {
        long deployments = f.get(Count.DEPLOYMENTS);
        long bypassed = f.get(Count.GATE_BYPASSED);
        return new SecurityOverlays(
                ratio(f.get(Count.EVIDENCE_COMPLETE), deployments),
                ratio(bypassed, bypassed + f.get(Count.GATE_PASSED)),
                bypassed,
                ratio(f.get(Sum.BYPASS_RESOLUTION_HOURS), f.get(Count.BYPASS_RESOLUTIONS)),
                f.get(Samples.EXPLOITABLE_REMEDIATION_DAYS).quantile(0.5),
                ratio(f.get(Count.SECURITY_HOTFIXES), f.get(Count.HOTFIXES)),
                ratio(f.get(Sum.SECRET_ROTATION_HOURS), f.get(Count.SECRET_ROTATIONS)),
                ratio(f.get(Count.SECRET_EXPOSURES) * 1000.0, f.get(Count.COMMITS)),
                f.get(Count.COMMITS),
                f.get(Samples.SECURITY_WAIT_MINUTES).quantile(0.5),
                ratio(f.get(Sum.SECURITY_WAIT_MINUTES_WITH_PIPELINE), f.get(Sum.PIPELINE_MINUTES_WITH_WAIT)));
    }

    public static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }
}
