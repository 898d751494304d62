package com.devsecopsmetrics.metrics.debt;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code debt_flow} group of DESIGN §4 for one scope and period; {@link DebtFlowMetrics#of} computes it. Field
 * order and names are the JSON of {@code /api/v1/metrics}.
 */
public record DebtFlow(
        long intake,
        long fixed,
        @JsonProperty("fix_to_intake_ratio") Double fixToIntakeRatio,
        long reopened,
        @JsonProperty("reopen_rate") Double reopenRate,
        @JsonProperty("triage_hours_mean") Double triageHoursMean,
        @JsonProperty("new_code_findings") long newCodeFindings,
        @JsonProperty("new_code_risk") double newCodeRisk,
        @JsonProperty("top_defect_classes") List<String> topDefectClasses) {
}
