package com.devsecopsmetrics.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.devsecopsmetrics.reference.ReferenceEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-worked checks of the reference computation. Every expected value is derived in the comments
 * from the definitions in DESIGN.md section 4 and the team's interpretations.
 */
class ReferenceMetricsTest {

    private static final double EPS = 1e-9;

    // ------------------------------------------------------------------ event builders (see ReferenceEvents)

    /** A production, SUCCEEDED, gate PASSED deployment without links; tests override fields. */
    private static ObjectNode deploy(String id, String svc, String at, String... commitIds) {
        return deployment(id, svc, at, "PASSED", array(commitIds), array());
    }

    private static ObjectNode scan(String id, String svc, String scanner, String completedAt, String... findingIds) {
        return ReferenceEvents.scan(id, svc, scanner, "SAST", "PASSED", completedAt, findingIds);
    }

    // ------------------------------------------------------------------ percentiles and empty input

    @Test
    void percentileContInterpolatesBetweenClosestRanks() {
        // sorted [1,2,3,4]: p50 position 1.5 -> 2 + 0.5*(3-2) = 2.5; p90 position 2.7 -> 3 + 0.7*(4-3) = 3.7
        assertThat(ReferenceMetrics.percentileCont(List.of(4.0, 1.0, 3.0, 2.0), 0.5)).isCloseTo(2.5, within(EPS));
        assertThat(ReferenceMetrics.percentileCont(List.of(4.0, 1.0, 3.0, 2.0), 0.9)).isCloseTo(3.7, within(EPS));
        assertThat(ReferenceMetrics.percentileCont(List.of(7.0), 0.9)).isEqualTo(7.0);
        assertThat(ReferenceMetrics.percentileCont(List.of(), 0.5)).isNull();
        assertThat(ReferenceMetrics.mean(List.of())).isNull();
    }

    @Test
    void leadTimesOfOneTwoThreeFourHoursGiveP50TwoAndAHalfAndP90ThreePointSeven() {
        // Four commits deployed 1, 2, 3 and 4 hours after they were made, by one deployment at 10:00.
        Events ev = new Events()
                .add("commits", commit("c1", "s", "2026-03-02T09:00:00Z"), commit("c2", "s", "2026-03-02T08:00:00Z"),
                        commit("c3", "s", "2026-03-02T07:00:00Z"), commit("c4", "s", "2026-03-02T06:00:00Z"))
                .add("deployments", deploy("d1", "s", "2026-03-02T10:00:00Z", "c1", "c2", "c3", "c4"));
        Map<String, Object> dora = ev.metrics().dora("org", d("2026-03-01"), d("2026-03-03"));
        assertThat(dora.get("lead_time_samples")).isEqualTo(4L);
        assertThat((Double) dora.get("lead_time_hours_p50")).isCloseTo(2.5, within(EPS));
        assertThat((Double) dora.get("lead_time_hours_p90")).isCloseTo(3.7, within(EPS));
        assertThat(dora.get("deployments")).isEqualTo(1L);
        assertThat((Double) dora.get("deployments_per_day")).isCloseTo(0.5, within(EPS)); // 1 deployment / 2 days
    }

    @Test
    void noSamplesGiveNullButKeysArePresent() {
        ReferenceMetrics m = new Events().metrics();
        Map<String, Object> dora = m.dora("org", d("2026-03-01"), d("2026-03-02"));
        assertThat(dora).containsOnlyKeys("deployments", "deployments_per_day", "lead_time_hours_p50",
                "lead_time_hours_p90", "lead_time_samples", "change_failure_rate", "failed_deployments",
                "security_failed_deployments", "time_to_restore_hours_p50", "time_to_restore_hours_mean",
                "incidents_resolved", "rework_rate");
        assertThat(dora.get("deployments")).isEqualTo(0L);
        assertThat(dora.get("deployments_per_day")).isEqualTo(0.0); // 0 / 1 day: a real denominator
        for (String k : List.of("lead_time_hours_p50", "lead_time_hours_p90", "change_failure_rate",
                "time_to_restore_hours_p50", "time_to_restore_hours_mean", "rework_rate")) {
            assertThat(dora).containsEntry(k, null);
        }
        assertThat(dora.get("lead_time_samples")).isEqualTo(0L);
        assertThat(dora.get("incidents_resolved")).isEqualTo(0L);

        Map<String, Object> sec = m.security("org", d("2026-03-01"), d("2026-03-02"));
        assertThat(sec).containsOnlyKeys("release_evidence_rate", "gate_bypass_rate", "gate_bypasses",
                "gate_bypass_resolution_hours_mean", "exploitable_remediation_days_p50", "security_hotfix_share",
                "secret_rotation_hours_mean", "secret_exposures_per_1k_commits", "commits",
                "security_wait_minutes_p50", "security_wait_share");
        for (String k : List.of("release_evidence_rate", "gate_bypass_rate", "gate_bypass_resolution_hours_mean",
                "exploitable_remediation_days_p50", "security_hotfix_share", "secret_rotation_hours_mean",
                "secret_exposures_per_1k_commits", "security_wait_minutes_p50", "security_wait_share")) {
            assertThat(sec).containsEntry(k, null);
        }
        assertThat(sec.get("gate_bypasses")).isEqualTo(0L);
        assertThat(sec.get("commits")).isEqualTo(0L);

        Map<String, Object> debt = m.debtFlow("org", d("2026-03-01"), d("2026-03-02"));
        assertThat(debt).containsOnlyKeys("intake", "fixed", "fix_to_intake_ratio", "reopened", "reopen_rate",
                "triage_hours_mean", "new_code_findings", "new_code_risk", "top_defect_classes", "top_defect_class_intake");
        assertThat(debt).containsEntry("fix_to_intake_ratio", null).containsEntry("reopen_rate", null)
                .containsEntry("triage_hours_mean", null).containsEntry("intake", 0L).containsEntry("fixed", 0L);
        assertThat(debt.get("top_defect_classes")).isEqualTo(List.of());
        assertThat(debt.get("top_defect_class_intake")).isEqualTo(Map.of());
    }

    // ------------------------------------------------------------------ lead time

    @Test
    void leadTimeCountsEachCommitOnceAtItsEarliestDeployment() {
        // commits (service s):
        //   c1 01-01T00:00  listed by d1 (01-02T00:00) and d2 (01-04T00:00): earliest d1 -> 24 h
        //   c2 01-01T10:00  listed by d2 only                               -> 62 h (at d2)
        //   c3 01-03T00:00  listed by d1 (before the commit) and d2: earliest is d1 -> negative -> NO sample
        //                   (no fallback to d2)
        //   c4 01-01T12:00  listed by a staging deployment (01-01T13:00) and d2 -> staging ignored -> 60 h at d2
        //   c5 01-01T15:00  listed only by a FAILED production deployment -> no sample
        //   c6 (unknown)    listed by d2 -> no sample (commit not known)
        // period [01-01, 01-05): samples {24, 62, 60} -> sorted [24, 60, 62]
        //   p50 = 60; p90: position 0.9*2 = 1.8 -> 60 + 0.8*(62-60) = 61.6
        //   deployments = d1, d2 = 2 (staging and FAILED ignored); per day = 2/4 = 0.5
        ObjectNode staging = deploy("dS", "s", "2026-01-01T13:00:00Z", "c4");
        staging.put("environment", "staging");
        ObjectNode failed = deploy("dF", "s", "2026-01-01T20:00:00Z", "c5");
        failed.put("status", "FAILED");
        Events ev = new Events()
                .add("commits", commit("c1", "s", "2026-01-01T00:00:00Z"), commit("c2", "s", "2026-01-01T10:00:00Z"),
                        commit("c3", "s", "2026-01-03T00:00:00Z"), commit("c4", "s", "2026-01-01T12:00:00Z"),
                        commit("c5", "s", "2026-01-01T15:00:00Z"))
                .add("deployments", deploy("d2", "s", "2026-01-04T00:00:00Z", "c1", "c2", "c3", "c4", "c6"),
                        deploy("d1", "s", "2026-01-02T00:00:00Z", "c1", "c3"), staging, failed);
        ReferenceMetrics m = ev.metrics();

        Map<String, Object> all = m.dora("org", d("2026-01-01"), d("2026-01-05"));
        assertThat(all.get("deployments")).isEqualTo(2L);
        assertThat((Double) all.get("deployments_per_day")).isCloseTo(0.5, within(EPS));
        assertThat(all.get("lead_time_samples")).isEqualTo(3L);
        assertThat((Double) all.get("lead_time_hours_p50")).isCloseTo(60.0, within(EPS));
        assertThat((Double) all.get("lead_time_hours_p90")).isCloseTo(61.6, within(EPS));

        // Samples belong to the deployment's period: [01-01, 01-03) holds d1 only -> {24}
        Map<String, Object> early = m.dora("service:s", d("2026-01-01"), d("2026-01-03"));
        assertThat(early.get("deployments")).isEqualTo(1L);
        assertThat(early.get("lead_time_samples")).isEqualTo(1L);
        assertThat((Double) early.get("lead_time_hours_p50")).isCloseTo(24.0, within(EPS));
        assertThat((Double) early.get("lead_time_hours_p90")).isCloseTo(24.0, within(EPS));

        // [01-03, 01-05) holds d2 -> {62, 60}: p50 61
        Map<String, Object> late = m.dora("org", d("2026-01-03"), d("2026-01-05"));
        assertThat(late.get("lead_time_samples")).isEqualTo(2L);
        assertThat((Double) late.get("lead_time_hours_p50")).isCloseTo(61.0, within(EPS));
    }

    // ------------------------------------------------------------------ failures, rework, restore

    @Test
    void failuresFromRollbacksHotfixesAndIncidentsWithSecurityFlags() {
        // Production deployments of s: d1 01-10, d2 01-11, d3 01-12, d4 01-13 (rollback_of d1, reason SECURITY),
        //   d5 01-14 (hotfix for d2, cause DEFECT), d6 01-15, d7 01-16 (hotfix for d5, cause SECURITY_CONTROL_GAP).
        // A STAGING deployment with rollback_of d6 does not link (not a deployment).
        // Incidents:
        //   I1 OPENED 01-12T01:00 (caused_by d3, not security) then RESOLVED 01-12T05:00 (caused_by d3,
        //      security_related true) -> newest attributes: security -> d3 security-failed; restore 4 h
        //   I2 OPENED 01-15T00:00 caused_by d6, RESOLVED 01-15T10:00 with caused_by null -> newest: no link,
        //      d6 NOT failed; RESOLVED sent twice (exact duplicate) -> one sample of 10 h
        //   I3 RESOLVED without OPENED: occurred 01-14T06:00, opened_at 01-14T00:00 -> 6 h
        // Period [01-10, 01-16): deployments d1..d6 = 6
        //   failed = d1 (rollback), d2 (hotfix), d3 (incident), d5 (hotfix d7, outside the period: links
        //   from any time count) = 4; security-failed = d1 (SECURITY rollback), d3 (security incident),
        //   d5 (SECURITY_CONTROL_GAP hotfix) = 3; d2 is a DEFECT hotfix -> not security.
        //   change_failure_rate = 4/6; rework = d4 (rollback_of) + d5 (is_hotfix) = 2/6
        //   restore samples {4, 10, 6} -> sorted [4, 6, 10]: p50 6, mean 20/3; incidents_resolved 3
        //   hotfixes in period: d5 (DEFECT) -> security_hotfix_share 0/1 = 0.0
        // Period [01-10, 01-17): adds d7 -> hotfixes d5, d7: security_hotfix_share 1/2
        ObjectNode d4 = deploy("d4", "s", "2026-01-13T00:00:00Z");
        d4.put("rollback_of", "d1").put("rollback_reason", "SECURITY");
        ObjectNode d5 = deploy("d5", "s", "2026-01-14T00:00:00Z");
        d5.put("is_hotfix", true).put("hotfix_for", "d2").put("hotfix_cause", "DEFECT");
        ObjectNode d7 = deploy("d7", "s", "2026-01-16T00:00:00Z");
        d7.put("is_hotfix", true).put("hotfix_for", "d5").put("hotfix_cause", "SECURITY_CONTROL_GAP");
        ObjectNode stagingRollback = deploy("dS", "s", "2026-01-15T12:00:00Z");
        stagingRollback.put("environment", "staging").put("rollback_of", "d6").put("rollback_reason", "SECURITY");
        ObjectNode i2Resolved = incident("I2", "s", "RESOLVED", "2026-01-15T10:00:00Z", "2026-01-15T00:00:00Z", false, null);
        Events ev = new Events()
                .add("deployments", deploy("d1", "s", "2026-01-10T00:00:00Z"), deploy("d2", "s", "2026-01-11T00:00:00Z"),
                        deploy("d3", "s", "2026-01-12T00:00:00Z"), d4, d5, deploy("d6", "s", "2026-01-15T00:00:00Z"),
                        d7, stagingRollback)
                .add("incidents",
                        incident("I1", "s", "RESOLVED", "2026-01-12T05:00:00Z", "2026-01-12T01:00:00Z", true, "d3"),
                        incident("I1", "s", "OPENED", "2026-01-12T01:00:00Z", "2026-01-12T01:00:00Z", false, "d3"),
                        incident("I2", "s", "OPENED", "2026-01-15T00:00:00Z", "2026-01-15T00:00:00Z", false, "d6"),
                        i2Resolved, i2Resolved.deepCopy(),
                        incident("I3", "s", "RESOLVED", "2026-01-14T06:00:00Z", "2026-01-14T00:00:00Z", false, null));
        ReferenceMetrics m = ev.metrics();

        Map<String, Object> dora = m.dora("org", d("2026-01-10"), d("2026-01-16"));
        assertThat(dora.get("deployments")).isEqualTo(6L);
        assertThat(dora.get("failed_deployments")).isEqualTo(4L);
        assertThat(dora.get("security_failed_deployments")).isEqualTo(3L);
        assertThat((Double) dora.get("change_failure_rate")).isCloseTo(4.0 / 6, within(EPS));
        assertThat((Double) dora.get("rework_rate")).isCloseTo(2.0 / 6, within(EPS));
        assertThat(dora.get("incidents_resolved")).isEqualTo(3L);
        assertThat((Double) dora.get("time_to_restore_hours_p50")).isCloseTo(6.0, within(EPS));
        assertThat((Double) dora.get("time_to_restore_hours_mean")).isCloseTo(20.0 / 3, within(EPS));

        assertThat(m.security("org", d("2026-01-10"), d("2026-01-16")).get("security_hotfix_share")).isEqualTo(0.0);
        assertThat((Double) m.security("org", d("2026-01-10"), d("2026-01-17")).get("security_hotfix_share"))
                .isCloseTo(0.5, within(EPS));

        // Restore samples are counted on the RESOLVED day: [01-14, 01-15) holds I3 only.
        Map<String, Object> oneDay = m.dora("org", d("2026-01-14"), d("2026-01-15"));
        assertThat(oneDay.get("incidents_resolved")).isEqualTo(1L);
        assertThat((Double) oneDay.get("time_to_restore_hours_mean")).isCloseTo(6.0, within(EPS));
    }

    // ------------------------------------------------------------------ duplicates and replacement

    @Test
    void duplicatesCountOnceAndReplacementsFollowTheNewerEventTime() {
        // dA sent twice identically -> 1 deployment.
        // dB first BYPASSED at 02-01T10:00, re-sent at 02-01T11:00 with PASSED -> the later version wins.
        // dC two versions at the same time, BYPASSED vs PASSED: JSON texts differ first at the gate value,
        //    "P..." > "B..." -> PASSED wins.
        // dD first production at 02-01T12:00, re-sent as staging at 02-01T13:00 -> no longer a deployment.
        // commit k1 sent twice: first committed 01-31T00:00, then (re-sent) 02-01T00:00 -> the newer wins, so
        //    k1 counts in February only, once; its lead time at dA (02-01T09:00) is 9 h.
        ObjectNode dA = deploy("dA", "s", "2026-02-01T09:00:00Z", "k1");
        ObjectNode dB1 = deploy("dB", "s", "2026-02-01T10:00:00Z");
        dB1.put("security_gate", "BYPASSED");
        ObjectNode dB2 = deploy("dB", "s", "2026-02-01T11:00:00Z");
        ObjectNode dC1 = deploy("dC", "s", "2026-02-01T11:30:00Z");
        dC1.put("security_gate", "BYPASSED");
        ObjectNode dC2 = deploy("dC", "s", "2026-02-01T11:30:00Z");
        ObjectNode dD1 = deploy("dD", "s", "2026-02-01T12:00:00Z");
        ObjectNode dD2 = deploy("dD", "s", "2026-02-01T13:00:00Z");
        dD2.put("environment", "staging");
        Events ev = new Events()
                .add("deployments", dA, dA.deepCopy(), dB2, dB1, dC2, dC1, dD1, dD2)
                .add("commits", commit("k1", "s", "2026-02-01T00:00:00Z"), commit("k1", "s", "2026-01-31T00:00:00Z"));
        ReferenceMetrics m = ev.metrics();
        Map<String, Object> dora = m.dora("org", d("2026-02-01"), d("2026-02-02"));
        assertThat(dora.get("deployments")).isEqualTo(3L); // dA, dB, dC
        assertThat(dora.get("lead_time_samples")).isEqualTo(1L);
        assertThat((Double) dora.get("lead_time_hours_p50")).isCloseTo(9.0, within(EPS));
        Map<String, Object> sec = m.security("org", d("2026-02-01"), d("2026-02-02"));
        assertThat(sec.get("gate_bypasses")).isEqualTo(0L);
        assertThat(sec.get("gate_bypass_rate")).isEqualTo(0.0); // 0 / 3 passed
        assertThat(sec.get("commits")).isEqualTo(1L);
        assertThat(m.security("org", d("2026-01-31"), d("2026-02-01")).get("commits")).isEqualTo(0L);
    }

    // ------------------------------------------------------------------ security overlays on deployments

    @Test
    void gateBypassEvidenceAndSecurityWait() {
        // Service s, all production/succeeded:
        //   b1 03-01T00:00 BYPASSED evidence [SBOM, SCAN_REPORT]   wait 10 pipeline 100
        //   n1 03-01T06:00 NOT_RUN  evidence [SBOM]                wait 20 pipeline -
        //   p1 03-01T12:00 PASSED   evidence [SBOM, SCAN_REPORT, SIGNATURE] wait 30 pipeline 50
        //   b2 03-02T00:00 BYPASSED; b3 03-02T12:00 BYPASSED; p2 03-03T00:00 PASSED (pipeline 40, no wait)
        // A PASSED deployment of another service t at 03-01T01:00 does not resolve s's bypass.
        // Resolution: b1 -> p1 12 h (counted 03-01); b2 -> p2 24 h, b3 -> p2 12 h (both counted 03-03).
        // Period [03-01, 03-04), scope service:s: deployments 6
        //   release_evidence_rate = {b1, p1} 2/6; gate: bypassed 3, passed 2 -> 3/5 = 0.6
        //   resolution mean = (12+24+12)/3 = 16; wait p50 over [10,20,30] = 20;
        //   wait share = (10+30)/(100+50) = 40/150 (n1 lacks pipeline, p2 lacks wait)
        // Period [03-01, 03-03): resolution {12} only; [03-03, 03-04): {24, 12} -> 18
        ObjectNode b1 = deploy("b1", "s", "2026-03-01T00:00:00Z");
        b1.put("security_gate", "BYPASSED").put("security_wait_minutes", 10).put("pipeline_minutes", 100);
        b1.set("evidence", array("SBOM", "SCAN_REPORT"));
        ObjectNode n1 = deploy("n1", "s", "2026-03-01T06:00:00Z");
        n1.put("security_gate", "NOT_RUN").put("security_wait_minutes", 20);
        n1.set("evidence", array("SBOM"));
        ObjectNode p1 = deploy("p1", "s", "2026-03-01T12:00:00Z");
        p1.put("security_wait_minutes", 30).put("pipeline_minutes", 50);
        p1.set("evidence", array("SIGNATURE", "SCAN_REPORT", "SBOM"));
        ObjectNode b2 = deploy("b2", "s", "2026-03-02T00:00:00Z");
        b2.put("security_gate", "BYPASSED");
        ObjectNode b3 = deploy("b3", "s", "2026-03-02T12:00:00Z");
        b3.put("security_gate", "BYPASSED");
        ObjectNode p2 = deploy("p2", "s", "2026-03-03T00:00:00Z");
        p2.put("pipeline_minutes", 40);
        Events ev = new Events().add("deployments", p2, b3, b2, p1, n1, b1, deploy("t1", "t", "2026-03-01T01:00:00Z"));
        ReferenceMetrics m = ev.metrics();

        Map<String, Object> sec = m.security("service:s", d("2026-03-01"), d("2026-03-04"));
        assertThat((Double) sec.get("release_evidence_rate")).isCloseTo(2.0 / 6, within(EPS));
        assertThat((Double) sec.get("gate_bypass_rate")).isCloseTo(0.6, within(EPS));
        assertThat(sec.get("gate_bypasses")).isEqualTo(3L);
        assertThat((Double) sec.get("gate_bypass_resolution_hours_mean")).isCloseTo(16.0, within(EPS));
        assertThat((Double) sec.get("security_wait_minutes_p50")).isCloseTo(20.0, within(EPS));
        assertThat((Double) sec.get("security_wait_share")).isCloseTo(40.0 / 150, within(EPS));
        assertThat(sec.get("security_hotfix_share")).isNull(); // no hotfixes

        assertThat((Double) m.security("service:s", d("2026-03-01"), d("2026-03-03"))
                .get("gate_bypass_resolution_hours_mean")).isCloseTo(12.0, within(EPS));
        assertThat((Double) m.security("service:s", d("2026-03-03"), d("2026-03-04"))
                .get("gate_bypass_resolution_hours_mean")).isCloseTo(18.0, within(EPS));
        // org adds t1 (PASSED, no evidence): evidence 2/7, gate 3/6
        Map<String, Object> org = m.security("org", d("2026-03-01"), d("2026-03-04"));
        assertThat((Double) org.get("release_evidence_rate")).isCloseTo(2.0 / 7, within(EPS));
        assertThat((Double) org.get("gate_bypass_rate")).isCloseTo(0.5, within(EPS));
        // A custom required set {SIGNATURE}: only p1 qualifies -> 1/6
        ReferenceMetrics signatureOnly = new ReferenceMetrics(ev.byKind, Set.of("SIGNATURE"));
        assertThat((Double) signatureOnly.security("service:s", d("2026-03-01"), d("2026-03-04"))
                .get("release_evidence_rate")).isCloseTo(1.0 / 6, within(EPS));
    }

    // ------------------------------------------------------------------ findings: episodes, debt flow

    @Test
    void findingEpisodesReopenAfterFixRiskAcceptanceAndDebtFlow() {
        // Catalogue: s is TIER_1 (tier weight 3). All findings of s.
        // F1 CRITICAL/PROVEN/CODE/CWE-89 new code: OPENED 01-01T00:00, TRIAGED 01-01T06:00, FIXED 01-03T00:00,
        //    REOPENED 01-05T00:00, FIXED 01-06T00:00 -> episodes [01-01, 01-03 FIXED] (2 d), [01-05, 01-06 FIXED] (1 d)
        // F2 HIGH/LIKELY/SECRET/CWE-798: OPENED 01-02T00:00, RISK_ACCEPTED 01-02T12:00, FIXED 01-04T00:00
        //    (not open -> ignored) -> one episode ended by RISK_ACCEPTED; no remediation sample
        // F3 LOW/THEORETICAL/CONFIGURATION/CWE-89 new code: TRIAGED 01-01T12:00 (before its first episode),
        //    OPENED 01-02T12:00 sent twice (exact duplicate), OPENED 01-03T00:00 with severity MEDIUM while open
        //    (attributes only), FIXED 01-04T00:00 -> one episode [01-02T12:00, 01-04]; newest severity: the FIXED
        //    event's, which we send as MEDIUM too
        // F4 MEDIUM/PLAUSIBLE/SECRET/CWE-522: OPENED 01-05T00:00, FIXED 01-05T06:00 -> 6 h
        // F5 LOW/THEORETICAL/CODE/CWE-79: OPENED 12-30 (previous year), FIXED 12-31 -> outside the period
        // Commits in [01-01, 01-08): 4.
        // Period [01-01, 01-08):
        //   intake = F1, F2, F3, F4 = 4; fixed = F1 x2, F3, F4 = 4; ratio 1.0; reopened = F1's 2nd = 1; rate 0.25
        //   triage: F1 6 h; F3's first TRIAGED is before its start -> none; mean 6.0
        //   new code: F1 (5*3*3 = 45), F3 (newest MEDIUM 2 * THEORETICAL 1 * 3 = 6) -> 2 findings, risk 51.0
        //   top classes by intake: CWE-89 (2), then CWE-522, CWE-798 (1 each, by name)
        //   exploitable remediation: F1 (PROVEN) {2, 1} -> p50 1.5; F2 LIKELY has no FIXED episode
        //   secret rotation: F4 {6 h} -> 6.0; secret exposures: F2, F4 = 2 * 1000 / 4 commits = 500.0
        // Period [01-05, 01-08): intake F4 = 1; fixed F1 2nd + F4 = 2; reopened 1; reopen_rate 0.5; triage null
        Events ev = new Events()
                .add("services", service("s", "team-a", "TIER_1", "2025-12-01T00:00:00Z"))
                .add("commits", commit("k1", "s", "2026-01-01T01:00:00Z"), commit("k2", "s", "2026-01-02T01:00:00Z"),
                        commit("k3", "s", "2026-01-03T01:00:00Z"), commit("k4", "s", "2026-01-07T23:59:59Z"),
                        commit("k5", "s", "2026-01-08T00:00:00Z"));
        String[] f1 = {"CRITICAL", "PROVEN", "CODE", "CWE-89"};
        for (String[] e : new String[][] {{"OPENED", "2026-01-01T00:00:00Z"}, {"TRIAGED", "2026-01-01T06:00:00Z"},
                {"FIXED", "2026-01-03T00:00:00Z"}, {"REOPENED", "2026-01-05T00:00:00Z"}, {"FIXED", "2026-01-06T00:00:00Z"}}) {
            ev.add("findings", finding("F1", "s", e[0], e[1], f1[0], f1[1], f1[2], f1[3], true, "codeql"));
        }
        ev.add("findings",
                finding("F2", "s", "OPENED", "2026-01-02T00:00:00Z", "HIGH", "LIKELY", "SECRET", "CWE-798", false, "gitleaks"),
                finding("F2", "s", "RISK_ACCEPTED", "2026-01-02T12:00:00Z", "HIGH", "LIKELY", "SECRET", "CWE-798", false, "gitleaks"),
                finding("F2", "s", "FIXED", "2026-01-04T00:00:00Z", "HIGH", "LIKELY", "SECRET", "CWE-798", false, "gitleaks"));
        ObjectNode f3Opened = finding("F3", "s", "OPENED", "2026-01-02T12:00:00Z", "LOW", "THEORETICAL", "CONFIGURATION", "CWE-89", true, "checkov");
        ev.add("findings",
                finding("F3", "s", "FIXED", "2026-01-04T00:00:00Z", "MEDIUM", "THEORETICAL", "CONFIGURATION", "CWE-89", true, "checkov"),
                finding("F3", "s", "TRIAGED", "2026-01-01T12:00:00Z", "LOW", "THEORETICAL", "CONFIGURATION", "CWE-89", true, "checkov"),
                f3Opened, f3Opened.deepCopy(),
                finding("F3", "s", "OPENED", "2026-01-03T00:00:00Z", "MEDIUM", "THEORETICAL", "CONFIGURATION", "CWE-89", true, "checkov"),
                finding("F4", "s", "OPENED", "2026-01-05T00:00:00Z", "MEDIUM", "PLAUSIBLE", "SECRET", "CWE-522", false, "gitleaks"),
                finding("F4", "s", "FIXED", "2026-01-05T06:00:00Z", "MEDIUM", "PLAUSIBLE", "SECRET", "CWE-522", false, "gitleaks"),
                finding("F5", "s", "OPENED", "2025-12-30T00:00:00Z", "LOW", "THEORETICAL", "CODE", "CWE-79", false, "codeql"),
                finding("F5", "s", "FIXED", "2025-12-31T00:00:00Z", "LOW", "THEORETICAL", "CODE", "CWE-79", false, "codeql"));
        ReferenceMetrics m = ev.metrics();

        Map<String, Object> debt = m.debtFlow("org", d("2026-01-01"), d("2026-01-08"));
        assertThat(debt.get("intake")).isEqualTo(4L);
        assertThat(debt.get("fixed")).isEqualTo(4L);
        assertThat((Double) debt.get("fix_to_intake_ratio")).isCloseTo(1.0, within(EPS));
        assertThat(debt.get("reopened")).isEqualTo(1L);
        assertThat((Double) debt.get("reopen_rate")).isCloseTo(0.25, within(EPS));
        assertThat((Double) debt.get("triage_hours_mean")).isCloseTo(6.0, within(EPS));
        assertThat(debt.get("new_code_findings")).isEqualTo(2L);
        assertThat((Double) debt.get("new_code_risk")).isCloseTo(51.0, within(EPS));
        assertThat(debt.get("top_defect_classes")).isEqualTo(List.of("CWE-89", "CWE-522", "CWE-798"));
        @SuppressWarnings("unchecked")
        Map<String, Long> intakeByClass = (Map<String, Long>) debt.get("top_defect_class_intake");
        assertThat(intakeByClass).containsExactly(Map.entry("CWE-89", 2L), Map.entry("CWE-522", 1L), Map.entry("CWE-798", 1L));

        Map<String, Object> sec = m.security("team:team-a", d("2026-01-01"), d("2026-01-08"));
        assertThat((Double) sec.get("exploitable_remediation_days_p50")).isCloseTo(1.5, within(EPS));
        assertThat((Double) sec.get("secret_rotation_hours_mean")).isCloseTo(6.0, within(EPS));
        assertThat(sec.get("commits")).isEqualTo(4L);
        assertThat((Double) sec.get("secret_exposures_per_1k_commits")).isCloseTo(500.0, within(EPS));

        Map<String, Object> late = m.debtFlow("org", d("2026-01-05"), d("2026-01-08"));
        assertThat(late.get("intake")).isEqualTo(1L);
        assertThat(late.get("fixed")).isEqualTo(2L);
        assertThat(late.get("reopened")).isEqualTo(1L);
        assertThat((Double) late.get("reopen_rate")).isCloseTo(0.5, within(EPS));
        assertThat(late.get("triage_hours_mean")).isNull();
        assertThat(late.get("top_defect_classes")).isEqualTo(List.of("CWE-522"));
    }

    @Test
    void riskAcceptedFindingIsNotReopenedByAScanButAFixedOneIs() {
        // Service s, scanner semgrep unless noted. Complete scan S1 (semgrep) at 01-02T00:00 observing {G2, G4, G5}.
        //   G1 semgrep OPENED 01-01 -> not observed -> synthetic FIXED at 01-02T00:00 (24 h episode)
        //   G2 semgrep OPENED 01-01 -> observed, open -> stays open
        //   G3 trivy   OPENED 01-01 -> other scanner, untouched
        //   G4 semgrep OPENED 12-30, FIXED 12-31 -> observed -> REOPENED at 01-02T00:00 (a 2nd episode)
        //   G5 semgrep OPENED 12-30, RISK_ACCEPTED 12-31 -> observed, but its last episode ended by
        //      RISK_ACCEPTED -> NOT reopened
        //   G6 semgrep OPENED 12-30, FALSE_POSITIVE 12-31, then a REAL REOPENED 01-02T06:00 -> a plain
        //      REOPENED does start an episode after any end
        // A scan without finding_ids (S2, 01-02T12:00) changes nothing.
        // Period [01-01, 01-03): intake G1, G2, G3 = 3; fixed G1 = 1; reopened G4, G6 = 2; reopen_rate 2/1
        Events ev = new Events()
                .add("findings",
                        finding("G1", "s", "OPENED", "2026-01-01T00:00:00Z", "HIGH", "PROVEN", "CODE", "CWE-1", false, "semgrep"),
                        finding("G2", "s", "OPENED", "2026-01-01T00:00:00Z", "HIGH", "PROVEN", "CODE", "CWE-2", false, "semgrep"),
                        finding("G3", "s", "OPENED", "2026-01-01T00:00:00Z", "HIGH", "PROVEN", "CODE", "CWE-3", false, "trivy"),
                        finding("G4", "s", "OPENED", "2025-12-30T00:00:00Z", "LOW", "LIKELY", "CODE", "CWE-4", false, "semgrep"),
                        finding("G4", "s", "FIXED", "2025-12-31T00:00:00Z", "LOW", "LIKELY", "CODE", "CWE-4", false, "semgrep"),
                        finding("G5", "s", "OPENED", "2025-12-30T00:00:00Z", "LOW", "LIKELY", "CODE", "CWE-5", false, "semgrep"),
                        finding("G5", "s", "RISK_ACCEPTED", "2025-12-31T00:00:00Z", "LOW", "LIKELY", "CODE", "CWE-5", false, "semgrep"),
                        finding("G6", "s", "OPENED", "2025-12-30T00:00:00Z", "LOW", "LIKELY", "CODE", "CWE-6", false, "semgrep"),
                        finding("G6", "s", "FALSE_POSITIVE", "2025-12-31T00:00:00Z", "LOW", "LIKELY", "CODE", "CWE-6", false, "semgrep"),
                        finding("G6", "s", "REOPENED", "2026-01-02T06:00:00Z", "LOW", "LIKELY", "CODE", "CWE-6", false, "semgrep"))
                .add("scan-results", scan("S1", "s", "semgrep", "2026-01-02T00:00:00Z", "G2", "G4", "G5"),
                        scan("S2", "s", "semgrep", "2026-01-02T12:00:00Z", (String[]) null));
        ReferenceMetrics m = ev.metrics();
        Map<String, Object> debt = m.debtFlow("service:s", d("2026-01-01"), d("2026-01-03"));
        assertThat(debt.get("intake")).isEqualTo(3L);
        assertThat(debt.get("fixed")).isEqualTo(1L);
        assertThat(debt.get("reopened")).isEqualTo(2L);
        assertThat((Double) debt.get("reopen_rate")).isCloseTo(2.0, within(EPS));
        // G1 is PROVEN: remediation 1 day; G4's first fix (12-31) is outside the period.
        assertThat((Double) m.security("org", d("2026-01-01"), d("2026-01-03")).get("exploitable_remediation_days_p50"))
                .isCloseTo(1.0, within(EPS));
        // December: intake G4, G5, G6 = 3; fixed G4 = 1 (RISK_ACCEPTED and FALSE_POSITIVE are not FIXED)
        Map<String, Object> dec = m.debtFlow("org", d("2025-12-01"), d("2026-01-01"));
        assertThat(dec.get("intake")).isEqualTo(3L);
        assertThat(dec.get("fixed")).isEqualTo(1L);
        assertThat(dec.get("reopened")).isEqualTo(0L);
    }

    // ------------------------------------------------------------------ scopes from the catalogue

    @Test
    void scopeUsesTheNewestCatalogueEntryAndUncataloguedServicesAreTier3Unassigned() {
        // Catalogue: a moves from team alpha/TIER_2 (01-01) to team beta/TIER_1 (02-01, the newest; sent FIRST);
        //   b is alpha/TIER_2; c has no catalogue entry -> TIER_3, team "unassigned".
        // Deployments 01-10: a x2, b x1, c x1 (the newest entry applies to all history, even before 02-01).
        // Findings opened 01-10 in new code: a CRITICAL/PROVEN (5*3*3 = 45), c HIGH/LIKELY (4*3*1 = 12).
        Events ev = new Events()
                .add("services", service("a", "beta", "TIER_1", "2026-02-01T00:00:00Z"),
                        service("a", "alpha", "TIER_2", "2026-01-01T00:00:00Z"),
                        service("b", "alpha", "TIER_2", "2026-01-01T00:00:00Z"))
                .add("deployments", deploy("a1", "a", "2026-01-10T01:00:00Z"), deploy("a2", "a", "2026-01-10T02:00:00Z"),
                        deploy("b1", "b", "2026-01-10T03:00:00Z"), deploy("c1", "c", "2026-01-10T04:00:00Z"))
                .add("findings",
                        finding("FA", "a", "OPENED", "2026-01-10T00:00:00Z", "CRITICAL", "PROVEN", "CODE", "CWE-89", true, null),
                        finding("FC", "c", "OPENED", "2026-01-10T00:00:00Z", "HIGH", "LIKELY", "CODE", "CWE-79", true, null));
        ReferenceMetrics m = ev.metrics();
        LocalDate from = d("2026-01-10");
        LocalDate to = d("2026-01-11");
        assertThat(m.dora("org", from, to).get("deployments")).isEqualTo(4L);
        assertThat(m.dora("team:beta", from, to).get("deployments")).isEqualTo(2L);
        assertThat(m.dora("team:alpha", from, to).get("deployments")).isEqualTo(1L);
        assertThat(m.dora("team:unassigned", from, to).get("deployments")).isEqualTo(1L);
        assertThat(m.dora("tier:TIER_1", from, to).get("deployments")).isEqualTo(2L);
        assertThat(m.dora("tier:TIER_2", from, to).get("deployments")).isEqualTo(1L);
        assertThat(m.dora("tier:TIER_3", from, to).get("deployments")).isEqualTo(1L);
        assertThat(m.dora("service:c", from, to).get("deployments")).isEqualTo(1L);
        assertThat(m.dora("team:nobody", from, to).get("deployments")).isEqualTo(0L);
        assertThat(m.teamOf("c")).isEqualTo("unassigned");
        assertThat(m.tierOf("c")).isEqualTo("TIER_3");
        assertThat(m.services()).containsExactlyInAnyOrder("a", "b", "c");

        assertThat((Double) m.debtFlow("org", from, to).get("new_code_risk")).isCloseTo(57.0, within(EPS));
        assertThat((Double) m.debtFlow("tier:TIER_3", from, to).get("new_code_risk")).isCloseTo(12.0, within(EPS));
        assertThat((Double) m.debtFlow("team:beta", from, to).get("new_code_risk")).isCloseTo(45.0, within(EPS));
        assertThatThrownBy(() -> m.dora("galaxy", from, to)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ reading JSONL

    @Test
    void readsJsonLinesFilesAndEpochMillisTimestamps(@TempDir Path dir) throws Exception {
        // deployments.jsonl: one deployment at epoch millis of 2026-04-01T10:00Z listing commit x (09:00Z) -> 1 h.
        // Files for the other kinds are absent.
        long deployedAt = Instant.parse("2026-04-01T10:00:00Z").toEpochMilli();
        ObjectNode dep = deploy("x1", "s", "2026-04-01T10:00:00Z", "x");
        dep.put("deployed_at", deployedAt);
        Files.writeString(dir.resolve("deployments.jsonl"), dep + "\n\n");
        Files.writeString(dir.resolve("commits.jsonl"),
                List.of(commit("x", "s", "2026-04-01T09:00:00Z")).stream().map(JsonNode::toString)
                        .collect(Collectors.joining("\n")));
        ReferenceMetrics m = ReferenceMetrics.fromDirectory(dir);
        Map<String, Object> dora = m.dora("org", d("2026-04-01"), d("2026-04-02"));
        assertThat(dora.get("deployments")).isEqualTo(1L);
        assertThat((Double) dora.get("lead_time_hours_p50")).isCloseTo(1.0, within(EPS));
    }
}
