package com.devsecopsmetrics.metrics.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code security} group of DESIGN §4 (the security overlays) for one scope and period; {@link
 * DeliveryMetrics#security} computes it. Field order and names are the JSON of {@code /api/v1/metrics}.
 */
public record SecurityOverlays(
        @JsonProperty("release_evidence_rate") Double releaseEvidenceRate,
        @JsonProperty("gate_bypass_rate") Double gateBypassRate,
        @JsonProperty("gate_bypasses") long gateBypasses,
        @JsonProperty("gate_bypass_resolution_hours_mean") Double gateBypassResolutionHoursMean,
        @JsonProperty("exploitable_remediation_days_p50") Double exploitableRemediationDaysP50,
        @JsonProperty("security_hotfix_share") Double securityHotfixShare,
        @JsonProperty("secret_rotation_hours_mean") Double secretRotationHoursMean,
        @JsonProperty("secret_exposures_per_1k_commits") Double secretExposuresPer1kCommits,
        long commits,
        @JsonProperty("security_wait_minutes_p50") Double securityWaitMinutesP50,
        @JsonProperty("security_wait_share") Double securityWaitShare) {
}
