package com.devsecopsmetrics.alerts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * The figures behind one evaluation of an alert rule (DESIGN §6), one record per rule. Field order and names (the
 * components' in snake case) are the {@code evidence} JSON of the alert topic and of {@code GET /api/v1/alerts}.
 */
public sealed interface AlertEvidence {

    /** The recent window's gate bypasses against the baseline's; each window is {@code [from, to)}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record GateBypassRising(
            String from,
            String to,
            Double gateBypassRate,
            long gateBypasses,
            long gatedDeployments,
            String baselineFrom,
            String baselineTo,
            Double baselineGateBypassRate,
            long baselineGateBypasses,
            long baselineGatedDeployments,
            double rateRatioThreshold,
            long minBypasses) implements AlertEvidence {
    }

    /** Tier-1 findings past their SLA: counts by severity name, the oldest few, and the SLA days by severity name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Tier1PastSla(
            String date,
            long findingsPastSla,
            Map<String, Long> bySeverity,
            List<Finding> oldest,
            Map<String, Integer> slaDays) implements AlertEvidence {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Finding(
            String serviceId,
            String findingId,
            String severity,
            double ageDays,
            int slaDays) {
    }

    /** Tier-1 practice coverage now and {@code coverageDays} earlier, over the tier-1 services of today. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Tier1CoverageDrop(
            String date,
            Double tier1PracticeCoverage,
            String baselineDate,
            Double baselineTier1PracticeCoverage,
            Double drop,
            double dropThreshold,
            long tier1Services) implements AlertEvidence {
    }
}
