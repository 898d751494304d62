package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Tier;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The {@code coverage} group of a snapshot (DESIGN §4); {@link Snapshot#coverage} computes it. Field order and
 * names are the JSON of {@code /api/v1/snapshot}; the maps hold every practice and tier, in declaration order.
 */
public record Coverage(
        long services,
        @JsonProperty("weighted_practice_coverage") Double weightedPracticeCoverage,
        @JsonProperty("flat_practice_coverage") Double flatPracticeCoverage,
        @JsonProperty("tier1_asset_coverage") Double tier1AssetCoverage,
        @JsonProperty("by_practice") Map<Practice, Double> byPractice,
        @JsonProperty("by_tier") Map<Tier, Double> byTier,
        @JsonProperty("asset_coverage") AssetCoverage assetCoverage,
        @JsonProperty("service_practices") Map<String, List<String>> servicePractices) {

    /** Shares of the services that an asset rule applies to that meet it; null where none does. */
    public record AssetCoverage(
            @JsonProperty("tier1_code_scanning") Double tier1CodeScanning,
            @JsonProperty("tier1_image_scanning_and_owner") Double tier1ImageScanningAndOwner,
            @JsonProperty("internet_facing_api_lint") Double internetFacingApiLint) {
    }
}
