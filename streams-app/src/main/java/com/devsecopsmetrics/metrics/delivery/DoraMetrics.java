package com.devsecopsmetrics.metrics.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code dora} group of DESIGN §4 for one scope and period; {@link DeliveryMetrics#dora} computes it. Field order
 * and names are the JSON of {@code /api/v1/metrics}; a ratio or statistic without samples is null.
 */
public record DoraMetrics(
        long deployments,
        @JsonProperty("deployments_per_day") Double deploymentsPerDay,
        @JsonProperty("lead_time_hours_p50") Double leadTimeHoursP50,
        @JsonProperty("lead_time_hours_p90") Double leadTimeHoursP90,
        @JsonProperty("lead_time_samples") long leadTimeSamples,
        @JsonProperty("change_failure_rate") Double changeFailureRate,
        @JsonProperty("failed_deployments") long failedDeployments,
        @JsonProperty("security_failed_deployments") long securityFailedDeployments,
        @JsonProperty("time_to_restore_hours_p50") Double timeToRestoreHoursP50,
        @JsonProperty("time_to_restore_hours_mean") Double timeToRestoreHoursMean,
        @JsonProperty("incidents_resolved") long incidentsResolved,
        @JsonProperty("rework_rate") Double reworkRate,
        @JsonProperty("performance_level") PerformanceLevels performanceLevel) {

    /** Each key metric's DORA band; null where the metric has no value. */
    public record PerformanceLevels(
            @JsonProperty("deployment_frequency") PerformanceLevel deploymentFrequency,
            @JsonProperty("lead_time") PerformanceLevel leadTime,
            @JsonProperty("change_failure_rate") PerformanceLevel changeFailureRate,
            @JsonProperty("time_to_restore") PerformanceLevel timeToRestore) {
    }
}
