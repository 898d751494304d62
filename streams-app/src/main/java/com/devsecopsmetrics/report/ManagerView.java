package com.devsecopsmetrics.report;

import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The {@code manager} object of the monthly report: the seed's "Suggested manager dashboard" in its order, each item
 * with the month before for comparison. Field order and names (the components' in snake case) are the report's JSON.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManagerView(
        BusinessCriticalDora doraBusinessCritical,
        Tier1Practices tier1RequiredPractices,
        RiskTrend weightedRiskDebtTrend,
        Comparison exploitableCriticalHighAgeDaysP50,
        GateBypasses gateBypasses,
        // Named: snake case of the component would be "per1k", the contract says "per_1k".
        @JsonProperty("secret_exposures_per_1k_commits") SecretExposures secretExposuresPer1kCommits,
        List<String> topDefectClasses) {

    /** The key DORA figures of the business-critical (tier-1) services. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BusinessCriticalDora(
            String scope,
            Double deploymentsPerDay,
            Double previousDeploymentsPerDay,
            Double leadTimeHoursP50,
            Double previousLeadTimeHoursP50,
            Double changeFailureRate,
            Double previousChangeFailureRate,
            Double timeToRestoreHoursP50,
            Double previousTimeToRestoreHoursP50,
            DoraMetrics.PerformanceLevels performanceLevel) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tier1Practices(
            String date,
            Double tier1AssetCoverage,
            Double previousTier1AssetCoverage,
            Double tier1PracticeCoverage,
            Double previousTier1PracticeCoverage) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RiskTrend(
            Double riskIndex,
            Double previousRiskIndex,
            Double change,
            List<RiskPoint> points) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RiskPoint(String date, Double riskIndex) {
    }

    /** A snapshot figure at the end of the month and of the month before. */
    public record Comparison(Double value, Double previous) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GateBypasses(
            long count,
            long previousCount,
            Double gateBypassRate,
            Double resolutionHoursMean,
            Double previousResolutionHoursMean) {
    }

    public record SecretExposures(Double value, Double previous, long commits) {
    }
}
