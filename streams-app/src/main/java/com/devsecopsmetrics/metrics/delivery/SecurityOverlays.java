package com.devsecopsmetrics.metrics.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code security} group of DESIGN §4 (the security overlays) for one scope and period; {@link
 * DeliveryMetrics#security} computes it. Field order and names (the components' in snake case) are the JSON of
 * {@code /api/v1/metrics}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SecurityOverlays(
        Double releaseEvidenceRate,
        Double gateBypassRate,
        long gateBypasses,
        Double gateBypassResolutionHoursMean,
        Double exploitableRemediationDaysP50,
        Double securityHotfixShare,
        Double secretRotationHoursMean,
        // Named: snake case of the component would be "per1k", the contract says "per_1k".
        @JsonProperty("secret_exposures_per_1k_commits") Double secretExposuresPer1kCommits,
        long commits,
        Double securityWaitMinutesP50,
        Double securityWaitShare) {
}
