package com.devsecopsmetrics.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The figures behind one evaluation of an alert rule (DESIGN §6), one record per rule. Field order and names are
 * the {@code evidence} JSON of the alert topic and of {@code GET /api/v1/alerts}.
 */
public sealed interface AlertEvidence {

    /** The recent window's gate bypasses against the baseline's; each window is {@code [from, to)}. */
    record GateBypassRising(
            String from,
            String to,
            @JsonProperty("gate_bypass_rate") Double gateBypassRate,
            @JsonProperty("gate_bypasses") long gateBypasses,
            @JsonProperty("gated_deployments") long gatedDeployments,
            @JsonProperty("baseline_from") String baselineFrom,
            @JsonProperty("baseline_to") String baselineTo,
            @JsonProperty("baseline_gate_bypass_rate") Double baselineGateBypassRate,
            @JsonProperty("baseline_gate_bypasses") long baselineGateBypasses,
            @JsonProperty("baseline_gated_deployments") long baselineGatedDeployments,
            @JsonProperty("rate_ratio_threshold") double rateRatioThreshold,
            @JsonProperty("min_bypasses") long minBypasses) implements AlertEvidence {
    }

    /** Tier-1 findings past their SLA: counts by severity name, the oldest few, and the SLA days by severity name. */
    record Tier1PastSla(
            String date,
            @JsonProperty("findings_past_sla") long findingsPastSla,
            @JsonProperty("by_severity") Map<String, Long> bySeverity,
            List<Finding> oldest,
            @JsonProperty("sla_days") Map<String, Integer> slaDays) implements AlertEvidence {
    }

    record Finding(
            @JsonProperty("service_id") String serviceId,
            @JsonProperty("finding_id") String findingId,
            String severity,
            @JsonProperty("age_days") double ageDays,
            @JsonProperty("sla_days") int slaDays) {
    }

    /** Tier-1 practice coverage now and {@code coverageDays} earlier, over the tier-1 services of today. */
    record Tier1CoverageDrop(
            String date,
            @JsonProperty("tier1_practice_coverage") Double tier1PracticeCoverage,
            @JsonProperty("baseline_date") String baselineDate,
            @JsonProperty("baseline_tier1_practice_coverage") Double baselineTier1PracticeCoverage,
            Double drop,
            @JsonProperty("drop_threshold") double dropThreshold,
            @JsonProperty("tier1_services") long tier1Services) implements AlertEvidence {
    }
}
