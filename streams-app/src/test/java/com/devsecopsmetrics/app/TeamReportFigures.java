package com.devsecopsmetrics.app;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 19 item 3's test: a team report's figures are the team scope's {@code /api/v1/metrics} and
 * {@code /api/v1/snapshot} answers, and its organisation column the org's. Compared as numbers, not as rounded text.
 */
final class TeamReportFigures {
    private TeamReportFigures() {
    }

    /**
     * @param metrics the team's metrics answers for the month and the month before
     * @param snap    the team's snapshot answers at the end of the month and of the month before
     * @param orgSnap the organisation's snapshot at the end of the month
     */
    static void check(JsonNode report, String team, JsonNode[] metrics, JsonNode[] snap, JsonNode orgSnap) {
        assertThat(report.path("scope").asText()).isEqualTo(team);
        JsonNode m = report.path("manager");
        same(m.path("weighted_risk_debt_trend").path("risk_index"), snap[0].path("debt").path("risk_index"));
        same(m.path("weighted_risk_debt_trend").path("previous_risk_index"), snap[1].path("debt").path("risk_index"));
        same(m.path("tier1_required_practices").path("tier1_practice_coverage"), snap[0].path("coverage").path("by_tier").path("TIER_1"));
        same(m.path("tier1_required_practices").path("tier1_asset_coverage"), snap[0].path("coverage").path("tier1_asset_coverage"));
        same(m.path("gate_bypasses").path("count"), metrics[0].path("security").path("gate_bypasses"));
        same(m.path("gate_bypasses").path("previous_count"), metrics[1].path("security").path("gate_bypasses"));
        same(m.path("gate_bypasses").path("gate_bypass_rate"), metrics[0].path("security").path("gate_bypass_rate"));
        same(m.path("secret_exposures_per_1k_commits").path("value"), metrics[0].path("security").path("secret_exposures_per_1k_commits"));
        same(m.path("exploitable_critical_high_age_days_p50").path("value"), snap[0].path("debt").path("exploitable_critical_high_age_days_p50"));
        assertThat(m.path("dora_business_critical").path("scope").asText()).isEqualTo("tier:TIER_1 of " + team);

        JsonNode flow = point(report, "fix_to_intake_ratio");
        same(flow.path("fixed"), metrics[0].path("debt_flow").path("fixed"));
        same(flow.path("intake"), metrics[0].path("debt_flow").path("intake"));
        same(flow.path("fix_to_intake_ratio"), metrics[0].path("debt_flow").path("fix_to_intake_ratio"));
        same(flow.path("previous_fix_to_intake_ratio"), metrics[1].path("debt_flow").path("fix_to_intake_ratio"));
        same(flow.path("deployments_per_day"), metrics[0].path("dora").path("deployments_per_day"));
        same(flow.path("risk_index"), snap[0].path("debt").path("risk_index"));
        JsonNode coverage = point(report, "weighted_practice_coverage");
        same(coverage.path("weighted_practice_coverage"), snap[0].path("coverage").path("weighted_practice_coverage"));
        same(coverage.path("previous_flat_practice_coverage"), snap[1].path("coverage").path("flat_practice_coverage"));
        JsonNode gates = point(report, "gated_deployments");
        same(gates.path("gated_deployments"), metrics[0].path("samples").path("gated_deployments"));

        // Every low-sample figure of the team itself names the count its metrics answer gives (the ownership
        // sides count the incidents of services with and without an owner, which no single answer holds).
        report.path("low_sample").forEach(low -> {
            if (low.path("scope").asText().equals(team) && metrics[0].path("samples").has(low.path("sample").asText())) {
                int month = low.path("month").asText().equals(report.path("month").asText()) ? 0 : 1;
                same(low.path("n"), metrics[month].path("samples").path(low.path("sample").asText()));
            }
        });
        assertThat(report.path("min_sample").asInt()).isEqualTo(metrics[0].path("min_sample").asInt()).isPositive();
        JsonNode org = report.path("organisation");
        assertThat(org.path("scope").asText()).isEqualTo("org");
        same(org.path("manager").path("weighted_risk_debt_trend").path("risk_index"), orgSnap.path("debt").path("risk_index"));
    }

    /** The figures of the talking point that states {@code figure}. */
    private static JsonNode point(JsonNode report, String figure) {
        for (JsonNode p : report.path("talking_point_evidence")) {
            if (p.path("figures").has(figure)) {
                return p.path("figures");
            }
        }
        throw new AssertionError("no talking point states " + figure + ": " + report.path("talking_point_evidence"));
    }

    private static void same(JsonNode reported, JsonNode api) {
        if (api.isNull() || api.isMissingNode()) {
            assertThat(reported.isNull()).as("report has " + reported + ", API null").isTrue();
        } else {
            assertThat(reported.isNumber()).as("report has " + reported + ", API " + api).isTrue();
            assertThat(reported.asDouble()).isCloseTo(api.asDouble(), within(1e-9));
        }
    }
}
