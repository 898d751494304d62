package com.devsecopsmetrics.report;

import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code manager} object of the monthly report: the seed's "Suggested manager dashboard" in its order, each item
 * with the month before for comparison. Field order and names are the report's JSON.
 */
public record ManagerView(
        @JsonProperty("dora_business_critical") BusinessCriticalDora doraBusinessCritical,
        @JsonProperty("tier1_required_practices") Tier1Practices tier1RequiredPractices,
        @JsonProperty("weighted_risk_debt_trend") RiskTrend weightedRiskDebtTrend,
        @JsonProperty("exploitable_critical_high_age_days_p50") Comparison exploitableCriticalHighAgeDaysP50,
        @JsonProperty("gate_bypasses") GateBypasses gateBypasses,
        @JsonProperty("secret_exposures_per_1k_commits") SecretExposures secretExposuresPer1kCommits,
        @JsonProperty("top_defect_classes") List<String> topDefectClasses) {

    /** The key DORA figures of the business-critical (tier-1) services. */
    public record BusinessCriticalDora(
            String scope,
            @JsonProperty("deployments_per_day") Double deploymentsPerDay,
            @JsonProperty("previous_deployments_per_day") Double previousDeploymentsPerDay,
            @JsonProperty("lead_time_hours_p50") Double leadTimeHoursP50,
            @JsonProperty("previous_lead_time_hours_p50") Double previousLeadTimeHoursP50,
            @JsonProperty("change_failure_rate") Double changeFailureRate,
            @JsonProperty("previous_change_failure_rate") Double previousChangeFailureRate,
            @JsonProperty("time_to_restore_hours_p50") Double timeToRestoreHoursP50,
            @JsonProperty("previous_time_to_restore_hours_p50") Double previousTimeToRestoreHoursP50,
            @JsonProperty("performance_level") DoraMetrics.PerformanceLevels performanceLevel) {
    }

    public record Tier1Practices(
            String date,
            @JsonProperty("tier1_asset_coverage") Double tier1AssetCoverage,
            @JsonProperty("previous_tier1_asset_coverage") Double previousTier1AssetCoverage,
            @JsonProperty("tier1_practice_coverage") Double tier1PracticeCoverage,
            @JsonProperty("previous_tier1_practice_coverage") Double previousTier1PracticeCoverage) {
    }

    public record RiskTrend(
            @JsonProperty("risk_index") Double riskIndex,
            @JsonProperty("previous_risk_index") Double previousRiskIndex,
            Double change,
            List<RiskPoint> points) {
    }

    public record RiskPoint(String date, @JsonProperty("risk_index") Double riskIndex) {
    }

    /** A snapshot figure at the end of the month and of the month before. */
    public record Comparison(Double value, Double previous) {
    }

    public record GateBypasses(
            long count,
            @JsonProperty("previous_count") long previousCount,
            @JsonProperty("gate_bypass_rate") Double gateBypassRate,
            @JsonProperty("resolution_hours_mean") Double resolutionHoursMean,
            @JsonProperty("previous_resolution_hours_mean") Double previousResolutionHoursMean) {
    }

    public record SecretExposures(Double value, Double previous, long commits) {
    }
}
