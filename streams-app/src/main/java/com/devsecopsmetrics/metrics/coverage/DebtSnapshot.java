package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * The {@code debt} group of a snapshot (DESIGN §4); {@link Snapshot#debt} computes it. Field order and names are
 * the JSON of {@code /api/v1/snapshot}; the maps hold every severity and tier, in declaration order.
 */
public record DebtSnapshot(
        @JsonProperty("risk_index") double riskIndex,
        @JsonProperty("accepted_risk_index") double acceptedRiskIndex,
        @JsonProperty("open_findings") long openFindings,
        @JsonProperty("open_by_severity") Map<Severity, Long> openBySeverity,
        @JsonProperty("open_critical_high_age_days_p50_by_tier") Map<Tier, Double> openCriticalHighAgeDaysP50ByTier,
        @JsonProperty("open_critical_high_age_days_max_by_tier") Map<Tier, Double> openCriticalHighAgeDaysMaxByTier,
        @JsonProperty("exploitable_critical_high_age_days_p50") Double exploitableCriticalHighAgeDaysP50,
        @JsonProperty("past_sla_by_tier") Map<Tier, Long> pastSlaByTier,
        @JsonProperty("tier1_findings_past_sla") long tier1FindingsPastSla) {
}
