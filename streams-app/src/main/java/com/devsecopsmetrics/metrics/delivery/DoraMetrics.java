package com.devsecopsmetrics.metrics.delivery;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code dora} group of DESIGN §4 for one scope and period; {@link DeliveryMetrics#dora} computes it. Field order
 * and names (the components' in snake case) are the JSON of {@code /api/v1/metrics}; a ratio or statistic without
 * samples is null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DoraMetrics(
        long deployments,
        Double deploymentsPerDay,
        Double leadTimeHoursP50,
        Double leadTimeHoursP90,
        long leadTimeSamples,
        Double changeFailureRate,
        long failedDeployments,
        long securityFailedDeployments,
        Double timeToRestoreHoursP50,
        Double timeToRestoreHoursMean,
        long incidentsResolved,
        Double reworkRate,
        PerformanceLevels performanceLevel) {

    /** Each key metric's DORA band; null where the metric has no value. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PerformanceLevels(
            PerformanceLevel deploymentFrequency,
            PerformanceLevel leadTime,
            PerformanceLevel changeFailureRate,
            PerformanceLevel timeToRestore) {
    }
}
