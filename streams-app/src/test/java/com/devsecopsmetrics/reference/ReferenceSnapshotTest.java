package com.devsecopsmetrics.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.reference.ReferenceEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-worked checks of {@link ReferenceMetrics#snapshot}. The snapshot of date D sees the events before
 * end = start of D+1 (UTC); the coverage lookback is the 30 UTC days D-29 .. D. Every expected value is
 * derived in the comments.
 */
class ReferenceSnapshotTest {

    private static final double EPS = 1e-9;

    // ------------------------------------------------------------------ event builders (see ReferenceEvents)

    private static ObjectNode owned(ObjectNode service, String owner, String escalation) {
        return service.put("owner", owner).put("escalation_path", escalation);
    }

    private static ObjectNode attested(ObjectNode service, String... attestations) {
        service.set("attestations", array(attestations));
        return service;
    }

    /** A production, SUCCEEDED deployment with the given gate and evidence. */
    private static ObjectNode deploy(String id, String svc, String at, String gate, String... evidence) {
        return deployment(id, svc, at, gate, array(), array(evidence));
    }

    private static ObjectNode scan(String id, String svc, String type, String outcome, String completedAt) {
        return ReferenceEvents.scan(id, svc, "tool-" + type, type, outcome, completedAt, (String[]) null);
    }

    /** A complete scan (finding_ids set) of the given scanner. */
    private static ObjectNode completeScan(String id, String svc, String scanner, String completedAt, String... ids) {
        return ReferenceEvents.scan(id, svc, scanner, "SAST", "PASSED", completedAt, ids);
    }

    private static ObjectNode finding(String id, String svc, String status, String at, String severity,
                                      String exploitability) {
        return ReferenceEvents.finding(id, svc, status, at, severity, exploitability, "CODE", "CWE-79", false, "semgrep");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> coverage(ReferenceMetrics rm, String scope, String date) {
        return (Map<String, Object>) rm.snapshot(scope, d(date)).get("coverage");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> debt(ReferenceMetrics rm, String scope, String date) {
        return (Map<String, Object>) rm.snapshot(scope, d(date)).get("debt");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> practices(Map<String, Object> coverage, String service) {
        return ((Map<String, List<String>>) coverage.get("service_practices")).get(service);
    }

    private static Map<String, Object> tiers(Object t1, Object t2, Object t3) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TIER_1", t1);
        m.put("TIER_2", t2);
        m.put("TIER_3", t3);
        return m;
    }

    // ------------------------------------------------------------------ shape

    @Test
    void emptyInputGivesAllKeysWithZerosAndNulls() {
        Map<String, Object> snap = new Events().metrics().snapshot("org", d("2026-03-10"));
        assertThat(snap.keySet()).containsExactly("coverage", "debt");

        Map<String, Object> cov = map(snap, "coverage");
        assertThat(cov.keySet()).containsExactly("services", "weighted_practice_coverage", "flat_practice_coverage",
                "tier1_asset_coverage", "by_practice", "by_tier", "asset_coverage", "service_practices");
        assertThat(cov.get("services")).isEqualTo(0L);
        assertThat(cov.get("weighted_practice_coverage")).isNull();
        assertThat(cov.get("flat_practice_coverage")).isNull();
        assertThat(cov.get("tier1_asset_coverage")).isNull();
        assertThat(map(cov, "by_practice").keySet()).containsExactlyElementsOf(ReferenceMetrics.PRACTICES)
                .containsExactly("SECRET_SCANNING", "SAST", "DEPENDENCY_SCANNING", "CI_GATE", "RELEASE_EVIDENCE",
                        "THREAT_MODEL", "LOGGING_RECOVERY", "OWNER_DEFINED");
        assertThat(map(cov, "by_practice").values()).containsOnlyNulls();
        assertThat(map(cov, "by_tier")).isEqualTo(tiers(null, null, null));
        assertThat(map(cov, "asset_coverage").keySet())
                .containsExactly("tier1_code_scanning", "tier1_image_scanning_and_owner", "internet_facing_api_lint");
        assertThat(map(cov, "asset_coverage").values()).containsOnlyNulls();
        assertThat(map(cov, "service_practices")).isEmpty();

        Map<String, Object> debt = map(snap, "debt");
        assertThat(debt.keySet()).containsExactly("risk_index", "accepted_risk_index", "open_findings",
                "open_by_severity", "open_critical_high_age_days_p50_by_tier",
                "open_critical_high_age_days_max_by_tier", "exploitable_critical_high_age_days_p50", "past_sla_by_tier",
                "tier1_findings_past_sla");
        assertThat(debt.get("tier1_findings_past_sla")).isEqualTo(0L);
        assertThat(debt.get("risk_index")).isEqualTo(0.0);
        assertThat(debt.get("accepted_risk_index")).isEqualTo(0.0);
        assertThat(debt.get("open_findings")).isEqualTo(0L);
        assertThat(map(debt, "open_by_severity")).containsExactly(
                Map.entry("CRITICAL", 0L), Map.entry("HIGH", 0L), Map.entry("MEDIUM", 0L), Map.entry("LOW", 0L));
        assertThat(map(debt, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(null, null, null));
        assertThat(map(debt, "open_critical_high_age_days_max_by_tier")).isEqualTo(tiers(null, null, null));
        assertThat(debt.get("exploitable_critical_high_age_days_p50")).isNull();
    }

    // ------------------------------------------------------------------ coverage

    @Test
    void practiceLapsesAfterThirtyDaysAndTheEndIsExclusive() {
        // SAST scan and a gated, evidenced deployment on 03-01; a SECRETS scan exactly at 03-31T00:00.
        ReferenceMetrics rm = new Events()
                .add("services", service("s", "red", "TIER_3", "2026-01-01T00:00:00Z"))
                .add("scan-results", scan("x1", "s", "SAST", "PASSED", "2026-03-01T10:00:00Z"),
                        scan("x2", "s", "SECRETS", "PASSED", "2026-03-31T00:00:00Z"))
                .add("deployments", deploy("d1", "s", "2026-03-01T12:00:00Z", "PASSED", "SBOM", "SCAN_REPORT"))
                .metrics();
        // Before anything happened: nothing is present (events at or after the end do not exist yet).
        assertThat(practices(coverage(rm, "org", "2026-02-28"), "s")).isEmpty();
        // 03-30: lookback 03-01 .. 03-30 holds the SAST scan and d1; the 03-31T00:00 scan is at the end (excluded).
        Map<String, Object> on30 = coverage(rm, "org", "2026-03-30");
        assertThat(practices(on30, "s")).containsExactly("CI_GATE", "RELEASE_EVIDENCE", "SAST");
        assertThat((Double) on30.get("flat_practice_coverage")).isCloseTo(3 / 8.0, within(EPS));
        // 03-31: lookback 03-02 .. 03-31: the 03-01 scan and deployment lapse; the secrets scan now counts.
        Map<String, Object> on31 = coverage(rm, "org", "2026-03-31");
        assertThat(practices(on31, "s")).containsExactly("SECRET_SCANNING");
        assertThat((Double) on31.get("flat_practice_coverage")).isCloseTo(1 / 8.0, within(EPS));
        // 04-29 is the secrets scan's 30th day (04-29 - 29 days = 03-31); 04-30 it lapses.
        assertThat(practices(coverage(rm, "org", "2026-04-29"), "s")).containsExactly("SECRET_SCANNING");
        assertThat(practices(coverage(rm, "org", "2026-04-30"), "s")).isEmpty();
    }

    @Test
    void errorScansDoNotCountAndAScanIsReadAsItsNewestVersionBeforeTheEnd() {
        ReferenceMetrics rm = new Events()
                .add("services", service("s", "red", "TIER_1", "2026-01-01T00:00:00Z"))
                .add("scan-results",
                        scan("x1", "s", "SECRETS", "FAILED", "2026-03-05T00:00:00Z"), // FAILED counts
                        scan("x2", "s", "SAST", "ERROR", "2026-03-05T00:00:00Z"),     // ERROR does not
                        scan("x3", "s", "SCA", "PASSED", "2026-03-06T00:00:00Z"),
                        scan("x3", "s", "SCA", "ERROR", "2026-03-08T00:00:00Z"),      // x3 re-sent as ERROR
                        scan("x4", "s", "IMAGE", "ERROR", "2026-03-06T00:00:00Z"))
                .metrics();
        // 03-07: x3's only version before the end is PASSED -> DEPENDENCY_SCANNING present.
        Map<String, Object> on7 = coverage(rm, "org", "2026-03-07");
        assertThat(practices(on7, "s")).containsExactly("DEPENDENCY_SCANNING", "SECRET_SCANNING");
        // Tier-1 code scanning still lacks SAST (the SAST scan errored): 0 of 1.
        assertThat(on7.get("tier1_asset_coverage")).isEqualTo(0.0);
        // The IMAGE scan errored and the owner is not set: 0 of 1.
        assertThat(map(on7, "asset_coverage").get("tier1_image_scanning_and_owner")).isEqualTo(0.0);
        // 03-08: x3's newest version is ERROR -> no longer counts.
        assertThat(practices(coverage(rm, "org", "2026-03-08"), "s")).containsExactly("SECRET_SCANNING");
    }

    @Test
    void coverageOverCataloguedServicesWithWeightsTiersAndAssetCoverage() {
        // Date 03-31, lookback 03-02 .. 03-31.
        ObjectNode t1a = attested(owned(service("t1a", "red", "TIER_1", "2026-01-01T00:00:00Z"), "ann", "pager"),
                "THREAT_MODEL").put("internet_facing", true);
        ObjectNode t1b = attested(owned(service("t1b", "red", "TIER_1", "2026-01-01T00:00:00Z"), "bob", "  "),
                "LOGGING_RECOVERY").put("internet_facing", true);
        // t2's older entry says TIER_1 without attestations; its current entry (dated after the snapshot date:
        // the current entry is used whatever its time) says TIER_2, team blue, both attestations, owned.
        ObjectNode t2old = service("t2", "red", "TIER_1", "2026-01-01T00:00:00Z");
        ObjectNode t2 = attested(owned(service("t2", "blue", "TIER_2", "2026-04-15T00:00:00Z"), "cy", "oncall"),
                "THREAT_MODEL", "LOGGING_RECOVERY");
        ObjectNode t3 = service("t3", "blue", "TIER_3", "2026-01-01T00:00:00Z").put("internet_facing", true);
        ObjectNode staging = deploy("d2", "t1a", "2026-03-20T00:00:00Z", "NOT_RUN").put("environment", "staging");
        ObjectNode failed = deploy("d3", "t1a", "2026-03-21T00:00:00Z", "NOT_RUN").put("status", "FAILED");
        ReferenceMetrics rm = new Events()
                .add("services", t1a, t1b, t2old, t2, t3)
                .add("scan-results",
                        scan("a1", "t1a", "SAST", "PASSED", "2026-03-10T00:00:00Z"),
                        scan("a2", "t1a", "SECRETS", "PASSED", "2026-03-10T00:00:00Z"),
                        scan("a3", "t1a", "SCA", "FAILED", "2026-03-10T00:00:00Z"),
                        scan("a4", "t1a", "IMAGE", "PASSED", "2026-03-10T00:00:00Z"),
                        scan("b1", "t1b", "SAST", "PASSED", "2026-03-10T00:00:00Z"),
                        scan("b2", "t1b", "SBOM", "PASSED", "2026-03-10T00:00:00Z"),
                        scan("b3", "t1b", "API_LINT", "PASSED", "2026-03-10T00:00:00Z"),
                        scan("b4", "t1b", "IMAGE", "PASSED", "2026-03-10T00:00:00Z"),
                        scan("c1", "t3", "API_LINT", "ERROR", "2026-03-10T00:00:00Z"),
                        scan("g1", "ghost", "SAST", "PASSED", "2026-03-10T00:00:00Z"))
                .add("deployments",
                        // t1a: d1 is the newest production-succeeded one (d2 is staging, d3 failed).
                        deploy("d1", "t1a", "2026-03-10T00:00:00Z", "PASSED", "SBOM", "SCAN_REPORT"), staging, failed,
                        // t1b: e1 and e2 at the same time; the greater id e2 is the newest (NOT_RUN, SBOM only).
                        deploy("e1", "t1b", "2026-03-15T00:00:00Z", "BYPASSED", "SBOM", "SCAN_REPORT"),
                        deploy("e2", "t1b", "2026-03-15T00:00:00Z", "NOT_RUN", "SBOM"),
                        // t2: only a deployment before the lookback.
                        deploy("f1", "t2", "2026-02-20T00:00:00Z", "PASSED", "SBOM", "SCAN_REPORT"))
                .metrics();

        Map<String, Object> org = coverage(rm, "org", "2026-03-31");
        // t1a 7/8, t1b 3/8 (blank escalation path: not owned), t2 3/8, t3 0/8; ghost is not catalogued.
        assertThat(org.get("services")).isEqualTo(4L);
        assertThat(practices(org, "t1a")).containsExactly("CI_GATE", "DEPENDENCY_SCANNING", "OWNER_DEFINED",
                "RELEASE_EVIDENCE", "SAST", "SECRET_SCANNING", "THREAT_MODEL");
        assertThat(practices(org, "t1b")).containsExactly("DEPENDENCY_SCANNING", "LOGGING_RECOVERY", "SAST");
        assertThat(practices(org, "t2")).containsExactly("LOGGING_RECOVERY", "OWNER_DEFINED", "THREAT_MODEL");
        assertThat(practices(org, "t3")).isEmpty();
        assertThat(map(org, "service_practices")).containsOnlyKeys("t1a", "t1b", "t2", "t3");
        // weighted = (5*0.875 + 5*0.375 + 3*0.375 + 1*0) / (5+5+3+1) = 7.375 / 14
        assertThat((Double) org.get("weighted_practice_coverage")).isCloseTo(7.375 / 14, within(EPS));
        // flat = (0.875 + 0.375 + 0.375 + 0) / 4 = 0.40625
        assertThat((Double) org.get("flat_practice_coverage")).isCloseTo(0.40625, within(EPS));
        // TIER_1: t1a has SAST+SECRETS+SCA, t1b lacks SECRETS -> 1/2
        assertThat(org.get("tier1_asset_coverage")).isEqualTo(0.5);
        assertThat(map(org, "by_practice")).containsExactly(
                Map.entry("SECRET_SCANNING", 0.25), Map.entry("SAST", 0.5), Map.entry("DEPENDENCY_SCANNING", 0.5),
                Map.entry("CI_GATE", 0.25), Map.entry("RELEASE_EVIDENCE", 0.25), Map.entry("THREAT_MODEL", 0.5),
                Map.entry("LOGGING_RECOVERY", 0.5), Map.entry("OWNER_DEFINED", 0.5));
        // TIER_1 (0.875+0.375)/2, TIER_2 0.375, TIER_3 0
        assertThat(map(org, "by_tier")).isEqualTo(tiers(0.625, 0.375, 0.0));
        Map<String, Object> asset = map(org, "asset_coverage");
        assertThat(asset.get("tier1_code_scanning")).isEqualTo(0.5);
        // t1a: IMAGE and owned; t1b: IMAGE but not owned -> 1/2
        assertThat(asset.get("tier1_image_scanning_and_owner")).isEqualTo(0.5);
        // internet-facing t1a (no lint), t1b (lint), t3 (lint ERROR) -> 1/3
        assertThat((Double) asset.get("internet_facing_api_lint")).isCloseTo(1 / 3.0, within(EPS));

        // team:blue = t2 (current entry) and t3.
        Map<String, Object> blue = coverage(rm, "team:blue", "2026-03-31");
        assertThat(blue.get("services")).isEqualTo(2L);
        assertThat((Double) blue.get("weighted_practice_coverage")).isCloseTo((3 * 0.375) / 4, within(EPS));
        assertThat((Double) blue.get("flat_practice_coverage")).isCloseTo(0.1875, within(EPS));
        assertThat(blue.get("tier1_asset_coverage")).isNull();
        assertThat(map(blue, "by_tier")).isEqualTo(tiers(null, 0.375, 0.0));
        assertThat(map(blue, "asset_coverage").get("tier1_code_scanning")).isNull();
        assertThat(map(blue, "asset_coverage").get("tier1_image_scanning_and_owner")).isNull();
        assertThat(map(blue, "asset_coverage").get("internet_facing_api_lint")).isEqualTo(0.0);

        // The uncatalogued service is in team "unassigned" but not counted by coverage.
        Map<String, Object> unassigned = coverage(rm, "team:unassigned", "2026-03-31");
        assertThat(unassigned.get("services")).isEqualTo(0L);
        assertThat(unassigned.get("weighted_practice_coverage")).isNull();
        assertThat(map(unassigned, "by_practice").values()).containsOnlyNulls();
    }

    // ------------------------------------------------------------------ debt

    @Test
    void uncataloguedServiceCountsInDebtAsTier3ButNotInCoverage() {
        ReferenceMetrics rm = new Events()
                .add("services", service("cat", "red", "TIER_1", "2026-01-01T00:00:00Z"))
                .add("findings",
                        finding("g1", "ghost", "OPENED", "2026-03-01T12:00:00Z", "HIGH", "LIKELY"),
                        finding("c1", "cat", "OPENED", "2026-03-01T00:00:00Z", "MEDIUM", "THEORETICAL"))
                .metrics();
        // ghost: 4*3*1 = 12; cat: 2*1*3 = 6.
        Map<String, Object> debt = debt(rm, "org", "2026-03-01");
        assertThat(debt.get("risk_index")).isEqualTo(18.0);
        assertThat(debt.get("open_findings")).isEqualTo(2L);
        assertThat(map(debt, "open_by_severity")).containsExactly(
                Map.entry("CRITICAL", 0L), Map.entry("HIGH", 1L), Map.entry("MEDIUM", 1L), Map.entry("LOW", 0L));
        // ghost's HIGH finding, open since 03-01T12:00 at end 03-02T00:00 -> 0.5 days, tier 3.
        assertThat(map(debt, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(null, null, 0.5));
        assertThat(map(debt, "open_critical_high_age_days_max_by_tier")).isEqualTo(tiers(null, null, 0.5));
        assertThat(debt.get("exploitable_critical_high_age_days_p50")).isEqualTo(0.5);

        assertThat(debt(rm, "team:unassigned", "2026-03-01").get("risk_index")).isEqualTo(12.0);
        assertThat(debt(rm, "tier:TIER_3", "2026-03-01").get("open_findings")).isEqualTo(1L);
        assertThat(debt(rm, "service:cat", "2026-03-01").get("risk_index")).isEqualTo(6.0);
        assertThat(coverage(rm, "org", "2026-03-01").get("services")).isEqualTo(1L);
        assertThat(map(coverage(rm, "org", "2026-03-01"), "service_practices")).containsOnlyKeys("cat");
        // The day before: no finding exists yet.
        assertThat(debt(rm, "org", "2026-02-28").get("open_findings")).isEqualTo(0L);
    }

    @Test
    void reScoredFindingUsesTheAttributesAsOfTheDate() {
        ReferenceMetrics rm = new Events()
                .add("services", service("r", "red", "TIER_2", "2026-01-01T00:00:00Z"))
                .add("findings",
                        finding("f", "r", "OPENED", "2026-03-01T00:00:00Z", "HIGH", "PLAUSIBLE"),
                        // re-observation while open: attributes only, the episode still starts 03-01
                        finding("f", "r", "OPENED", "2026-03-10T00:00:00Z", "CRITICAL", "PROVEN"),
                        finding("f", "r", "TRIAGED", "2026-03-12T00:00:00Z", "MEDIUM", "LIKELY"))
                .metrics();
        // 03-05: HIGH/PLAUSIBLE, 4*2*2 = 16; age 03-06 - 03-01 = 5; not exploitable.
        Map<String, Object> on5 = debt(rm, "org", "2026-03-05");
        assertThat(on5.get("risk_index")).isEqualTo(16.0);
        assertThat(map(on5, "open_by_severity").get("HIGH")).isEqualTo(1L);
        assertThat(map(on5, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(null, 5.0, null));
        assertThat(on5.get("exploitable_critical_high_age_days_p50")).isNull();
        // 03-10: CRITICAL/PROVEN, 5*3*2 = 30; age 03-11 - 03-01 = 10 days; exploitable.
        Map<String, Object> on10 = debt(rm, "org", "2026-03-10");
        assertThat(on10.get("risk_index")).isEqualTo(30.0);
        assertThat(map(on10, "open_by_severity").get("CRITICAL")).isEqualTo(1L);
        assertThat(map(on10, "open_by_severity").get("HIGH")).isEqualTo(0L);
        assertThat(map(on10, "open_critical_high_age_days_max_by_tier")).isEqualTo(tiers(null, 10.0, null));
        assertThat(on10.get("exploitable_critical_high_age_days_p50")).isEqualTo(10.0);
        // 03-12: TRIAGED carries MEDIUM/LIKELY: 2*3*2 = 12; no longer CRITICAL/HIGH.
        Map<String, Object> on12 = debt(rm, "org", "2026-03-12");
        assertThat(on12.get("risk_index")).isEqualTo(12.0);
        assertThat(map(on12, "open_by_severity").get("MEDIUM")).isEqualTo(1L);
        assertThat(map(on12, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(null, null, null));
        assertThat(on12.get("exploitable_critical_high_age_days_p50")).isNull();
    }

    @Test
    void tier1FindingsPastSlaCountOpenTier1FindingsOlderThanTheirSeveritysDays() {
        // At the end of 03-31: CRITICAL opened 03-24T00:00 is exactly 8 days old (SLA 7: past); HIGH 03-01 is 31 days
        // (SLA 30: past); MEDIUM 03-01 is 31 days (SLA 90: within); a fixed CRITICAL and a tier-2 CRITICAL do not count.
        ReferenceMetrics rm = new Events()
                .add("services", service("pay", "red", "TIER_1", "2026-01-01T00:00:00Z"),
                        service("blog", "red", "TIER_2", "2026-01-01T00:00:00Z"))
                .add("findings",
                        finding("c1", "pay", "OPENED", "2026-03-24T00:00:00Z", "CRITICAL", "LIKELY"),
                        finding("h1", "pay", "OPENED", "2026-03-01T00:00:00Z", "HIGH", "THEORETICAL"),
                        finding("m1", "pay", "OPENED", "2026-03-01T00:00:00Z", "MEDIUM", "PROVEN"),
                        finding("c2", "pay", "OPENED", "2026-03-01T00:00:00Z", "CRITICAL", "LIKELY"),
                        finding("c2", "pay", "FIXED", "2026-03-02T00:00:00Z", "CRITICAL", "LIKELY"),
                        finding("c3", "blog", "OPENED", "2026-03-01T00:00:00Z", "CRITICAL", "LIKELY"))
                .metrics();
        assertThat(debt(rm, "org", "2026-03-31").get("tier1_findings_past_sla")).isEqualTo(2L);
        assertThat(debt(rm, "org", "2026-03-24").get("tier1_findings_past_sla")).isEqualTo(0L);
        assertThat(debt(rm, "service:blog", "2026-03-31").get("tier1_findings_past_sla")).isEqualTo(0L);
    }

    @Test
    void reopenAfterFixStartsANewEpisodeForTheAge() {
        ReferenceMetrics rm = new Events()
                .add("services", service("s", "red", "TIER_1", "2026-01-01T00:00:00Z"))
                .add("findings",
                        finding("f", "s", "OPENED", "2026-03-01T00:00:00Z", "CRITICAL", "PROVEN"),
                        finding("f", "s", "FIXED", "2026-03-05T12:00:00Z", "CRITICAL", "PROVEN"),
                        finding("f", "s", "REOPENED", "2026-03-08T00:00:00Z", "HIGH", "LIKELY"))
                .metrics();
        // 03-04: open, 5*3*3 = 45, age 4.
        Map<String, Object> on4 = debt(rm, "org", "2026-03-04");
        assertThat(on4.get("open_findings")).isEqualTo(1L);
        assertThat(on4.get("risk_index")).isEqualTo(45.0);
        assertThat(map(on4, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(4.0, null, null));
        // 03-05: fixed at 12:00 before the end -> neither open nor accepted.
        Map<String, Object> on5 = debt(rm, "org", "2026-03-05");
        assertThat(on5.get("open_findings")).isEqualTo(0L);
        assertThat(on5.get("risk_index")).isEqualTo(0.0);
        assertThat(on5.get("accepted_risk_index")).isEqualTo(0.0);
        assertThat(map(on5, "open_critical_high_age_days_max_by_tier")).isEqualTo(tiers(null, null, null));
        // 03-09: reopened 03-08 as HIGH/LIKELY: 4*3*3 = 36, age of the current episode = 2 days.
        Map<String, Object> on9 = debt(rm, "org", "2026-03-09");
        assertThat(on9.get("open_findings")).isEqualTo(1L);
        assertThat(on9.get("risk_index")).isEqualTo(36.0);
        assertThat(map(on9, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(2.0, null, null));
        assertThat(map(on9, "open_critical_high_age_days_max_by_tier")).isEqualTo(tiers(2.0, null, null));
        assertThat(on9.get("exploitable_critical_high_age_days_p50")).isEqualTo(2.0);
    }

    @Test
    void riskAcceptedThenReopenedIsAcceptedBeforeAndOpenAfter() {
        ReferenceMetrics rm = new Events()
                .add("services", service("s", "red", "TIER_2", "2026-01-01T00:00:00Z"))
                .add("findings",
                        finding("f", "s", "OPENED", "2026-03-01T00:00:00Z", "LOW", "THEORETICAL"),
                        finding("f", "s", "RISK_ACCEPTED", "2026-03-03T00:00:00Z", "LOW", "THEORETICAL"),
                        finding("f", "s", "REOPENED", "2026-03-06T00:00:00Z", "LOW", "THEORETICAL"),
                        // a false positive is neither open nor accepted
                        finding("fp", "s", "OPENED", "2026-03-01T00:00:00Z", "HIGH", "PROVEN"),
                        finding("fp", "s", "FALSE_POSITIVE", "2026-03-02T00:00:00Z", "HIGH", "PROVEN"))
                .metrics();
        // 03-01: both open: f 1*1*2 = 2, fp 4*3*2 = 24.
        Map<String, Object> on1 = debt(rm, "org", "2026-03-01");
        assertThat(on1.get("risk_index")).isEqualTo(26.0);
        assertThat(on1.get("accepted_risk_index")).isEqualTo(0.0);
        // 03-04: f accepted (2), fp closed as false positive.
        Map<String, Object> on4 = debt(rm, "org", "2026-03-04");
        assertThat(on4.get("open_findings")).isEqualTo(0L);
        assertThat(on4.get("risk_index")).isEqualTo(0.0);
        assertThat(on4.get("accepted_risk_index")).isEqualTo(2.0);
        // 03-06: f reopened -> open again, no longer accepted.
        Map<String, Object> on6 = debt(rm, "org", "2026-03-06");
        assertThat(on6.get("open_findings")).isEqualTo(1L);
        assertThat(on6.get("risk_index")).isEqualTo(2.0);
        assertThat(on6.get("accepted_risk_index")).isEqualTo(0.0);
        assertThat(map(on6, "open_by_severity").get("LOW")).isEqualTo(1L);
    }

    @Test
    void completeScansCloseAndReopenAsOfTheirCompletionTime() {
        ReferenceMetrics rm = new Events()
                .add("services", service("s", "red", "TIER_3", "2026-01-01T00:00:00Z"))
                .add("findings", finding("k", "s", "OPENED", "2026-03-01T00:00:00Z", "HIGH", "LIKELY"))
                .add("scan-results",
                        completeScan("sc1", "s", "semgrep", "2026-03-04T06:00:00Z"),       // k not observed: FIXED
                        completeScan("sc2", "s", "semgrep", "2026-03-07T00:00:00Z", "k"))  // observed again: REOPENED
                .metrics();
        assertThat(debt(rm, "org", "2026-03-03").get("open_findings")).isEqualTo(1L);
        assertThat(debt(rm, "org", "2026-03-04").get("open_findings")).isEqualTo(0L);
        assertThat(debt(rm, "org", "2026-03-06").get("open_findings")).isEqualTo(0L);
        Map<String, Object> on7 = debt(rm, "org", "2026-03-07");
        assertThat(on7.get("open_findings")).isEqualTo(1L);
        assertThat(on7.get("risk_index")).isEqualTo(12.0); // 4*3*1
        assertThat(map(on7, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(null, null, 1.0));
    }

    @Test
    void agesP50AndMaxByTierAndExploitableP50() {
        // Date 03-09, end 03-10T00:00.
        ReferenceMetrics rm = new Events()
                .add("services", service("a", "red", "TIER_1", "2026-01-01T00:00:00Z"),
                        service("b", "blue", "TIER_2", "2026-01-01T00:00:00Z"))
                .add("findings",
                        finding("a1", "a", "OPENED", "2026-03-09T00:00:00Z", "CRITICAL", "PROVEN"),    // age 1
                        finding("a2", "a", "OPENED", "2026-03-08T00:00:00Z", "HIGH", "THEORETICAL"),   // age 2
                        finding("a3", "a", "OPENED", "2026-03-05T00:00:00Z", "HIGH", "LIKELY"),        // age 5
                        finding("a4", "a", "OPENED", "2026-02-01T00:00:00Z", "MEDIUM", "PROVEN"),      // not C/H
                        finding("a5", "a", "OPENED", "2026-03-01T00:00:00Z", "CRITICAL", "PROVEN"),
                        finding("a5", "a", "FIXED", "2026-03-02T00:00:00Z", "CRITICAL", "PROVEN"),     // closed
                        finding("a6", "a", "OPENED", "2026-03-10T00:00:00Z", "CRITICAL", "PROVEN"),    // after end
                        finding("b1", "b", "OPENED", "2026-03-09T12:00:00Z", "HIGH", "LIKELY"),        // age 0.5
                        finding("b2", "b", "OPENED", "2026-03-07T00:00:00Z", "CRITICAL", "PLAUSIBLE")) // age 3
                .metrics();
        Map<String, Object> org = debt(rm, "org", "2026-03-09");
        // risks: a1 45, a2 12, a3 36, a4 18, b1 24, b2 20 = 155
        assertThat(org.get("risk_index")).isEqualTo(155.0);
        assertThat(org.get("open_findings")).isEqualTo(6L);
        assertThat(map(org, "open_by_severity")).containsExactly(
                Map.entry("CRITICAL", 2L), Map.entry("HIGH", 3L), Map.entry("MEDIUM", 1L), Map.entry("LOW", 0L));
        // TIER_1 ages [1,2,5]: p50 2, max 5; TIER_2 [0.5,3]: p50 1.75, max 3; TIER_3 none.
        assertThat(map(org, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(2.0, 1.75, null));
        assertThat(map(org, "open_critical_high_age_days_max_by_tier")).isEqualTo(tiers(5.0, 3.0, null));
        // exploitable C/H: a1 1, a3 5, b1 0.5 -> p50 1
        assertThat(org.get("exploitable_critical_high_age_days_p50")).isEqualTo(1.0);

        Map<String, Object> tier2 = debt(rm, "tier:TIER_2", "2026-03-09");
        assertThat(tier2.get("risk_index")).isEqualTo(44.0);
        assertThat(map(tier2, "open_critical_high_age_days_p50_by_tier")).isEqualTo(tiers(null, 1.75, null));
        assertThat(tier2.get("exploitable_critical_high_age_days_p50")).isEqualTo(0.5);
    }
}
