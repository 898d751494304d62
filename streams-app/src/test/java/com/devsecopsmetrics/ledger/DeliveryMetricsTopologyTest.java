package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.HotfixCause;
import com.devsecopsmetrics.events.IncidentStatus;
import com.devsecopsmetrics.events.RollbackReason;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.ledger.Events.commit;
import static com.devsecopsmetrics.ledger.Events.deployment;
import static com.devsecopsmetrics.ledger.Events.incident;
import static com.devsecopsmetrics.ledger.Events.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** DESIGN §4 delivery and overlay definitions, each edge case on the real topology; expected values worked out by hand. */
class DeliveryMetricsTopologyTest extends LedgerTopologyCase {
    private static final String FROM = "2026-03-01";
    private static final String TO = "2026-04-01";
    private Map<String, Object> dora() {
        return ledger.dora("service:pay", FROM, TO);
    }

    @Test
    void onlySucceededProductionDeploymentsCount() {
        ledger.pipe(
                deployment("pay", "d1", "2026-03-02T10:00:00Z").build(),
                deployment("pay", "d2", "2026-03-02T11:00:00Z").setEnvironment("staging").build(),
                deployment("pay", "d3", "2026-03-02T12:00:00Z").setStatus(DeploymentStatus.FAILED).build());
        assertThat(dora()).containsEntry("deployments", 1L);
        assertThat((Double) dora().get("deployments_per_day")).isCloseTo(1.0 / 31, within(1e-12));
    }

    @Test
    void aCommitListedTwiceCountsOnceAtItsEarliestDeployment() {
        ledger.pipe(
                deployment("pay", "late", "2026-03-03T00:00:00Z", "c1").build(), // arrives first, is not the earliest
                deployment("pay", "early", "2026-03-02T00:00:00Z", "c1").build(),
                commit("pay", "c1", "2026-03-01T00:00:00Z"));
        assertThat(dora()).containsEntry("lead_time_samples", 1L);
        assertThat((Double) dora().get("lead_time_hours_p50")).isCloseTo(24.0, within(24.0 * 0.01));
    }

    @Test
    void aNewerVersionOfADeploymentMovesTheCommitsItLists() {
        ledger.pipe(commit("pay", "c1", "2026-03-01T00:00:00Z"),
                deployment("pay", "early", "2026-03-02T00:00:00Z", "c1").build(),
                deployment("pay", "other", "2026-03-05T00:00:00Z", "c1").build());
        assertThat((Double) dora().get("lead_time_hours_p50")).isCloseTo(24.0, within(24.0 * 0.01));

        ledger.pipe(deployment("pay", "early", "2026-03-03T00:00:00Z").build()); // no longer lists c1
        assertThat(dora()).containsEntry("lead_time_samples", 1L).containsEntry("deployments", 2L);
        assertThat((Double) dora().get("lead_time_hours_p50")).isCloseTo(96.0, within(96.0 * 0.01));

        ledger.pipe(deployment("pay", "early", "2026-03-04T00:00:00Z", "c1").build(), // lists it again, later
                deployment("pay", "early", "2026-03-02T00:00:00Z", "c1").build()); // the first version, re-sent, loses
        assertThat(dora()).containsEntry("lead_time_samples", 1L).containsEntry("deployments", 2L);
        assertThat((Double) dora().get("lead_time_hours_p50")).isCloseTo(72.0, within(72.0 * 0.01));
    }

    @Test
    void aStagingDeploymentDoesNotStartTheLeadTime() {
        ledger.pipe(commit("pay", "c1", "2026-03-01T00:00:00Z"),
                deployment("pay", "stg", "2026-03-01T06:00:00Z", "c1").setEnvironment("staging").build(),
                deployment("pay", "prod", "2026-03-01T12:00:00Z", "c1").build());
        assertThat((Double) dora().get("lead_time_hours_p50")).isCloseTo(12.0, within(0.12));
    }

    @Test
    void aCommitAfterItsDeploymentOrUnknownGivesNoSample() {
        ledger.pipe(commit("pay", "future", "2026-03-05T00:00:00Z"),
                deployment("pay", "d1", "2026-03-04T00:00:00Z", "future", "never-seen").build());
        assertThat(dora()).containsEntry("lead_time_samples", 0L).containsEntry("lead_time_hours_p50", null)
                .containsEntry("deployments", 1L);
        assertThat(ledger.security("service:pay", FROM, TO)).containsEntry("commits", 1L);
    }

    @Test
    void duplicatesCountOnce() {
        var d = deployment("pay", "d1", "2026-03-02T10:00:00Z", "c1").build();
        var c = commit("pay", "c1", "2026-03-02T08:00:00Z");
        var opened = incident("pay", "i1", IncidentStatus.OPENED, "2026-03-03T00:00:00Z", "2026-03-03T00:00:00Z", false, "d1");
        var resolved = incident("pay", "i1", IncidentStatus.RESOLVED, "2026-03-03T02:00:00Z", "2026-03-03T00:00:00Z", false, "d1");
        ledger.pipe(d, c, opened, resolved, d, c, opened, resolved);
        assertThat(dora()).containsEntry("deployments", 1L).containsEntry("lead_time_samples", 1L)
                .containsEntry("failed_deployments", 1L).containsEntry("incidents_resolved", 1L);
        assertThat(ledger.security("service:pay", FROM, TO)).containsEntry("commits", 1L);
    }

    @Test
    void aReplacedDeploymentKeepsTheNewestVersion() {
        ledger.pipe(deployment("pay", "d1", "2026-03-05T00:00:00Z").setSecurityGate(SecurityGate.BYPASSED).build(),
                deployment("pay", "d1", "2026-03-04T00:00:00Z").build()); // older version arrives late and loses
        assertThat(ledger.security("service:pay", FROM, TO)).containsEntry("gate_bypasses", 1L);
    }

    @Test
    void resolvedWithoutOpenedStillRestores() {
        ledger.pipe(incident("pay", "i1", IncidentStatus.RESOLVED, "2026-03-10T03:00:00Z", "2026-03-10T00:00:00Z", false, null));
        assertThat(dora()).containsEntry("incidents_resolved", 1L);
        assertThat((Double) dora().get("time_to_restore_hours_p50")).isCloseTo(3.0, within(0.03));
        assertThat((Double) dora().get("time_to_restore_hours_mean")).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void restoreUsesTheNewestResolvedEventAndItsPeriod() {
        ledger.pipe(
                incident("pay", "i1", IncidentStatus.RESOLVED, "2026-02-27T01:00:00Z", "2026-02-27T00:00:00Z", false, null),
                incident("pay", "i1", IncidentStatus.RESOLVED, "2026-03-02T00:00:00Z", "2026-02-27T00:00:00Z", false, null));
        assertThat(dora()).containsEntry("incidents_resolved", 1L);
        assertThat((Double) dora().get("time_to_restore_hours_mean")).isCloseTo(72.0, within(1e-9));
        assertThat(ledger.dora("service:pay", "2026-02-01", "2026-03-01")).containsEntry("incidents_resolved", 0L)
                .containsEntry("time_to_restore_hours_mean", null);
    }

    @Test
    void rollbacksHotfixesAndIncidentsMarkFailuresAndTheirSecurityCause() {
        ledger.pipe(
                deployment("pay", "a", "2026-03-02T00:00:00Z").build(),
                deployment("pay", "b", "2026-03-03T00:00:00Z").build(),
                deployment("pay", "c", "2026-03-04T00:00:00Z").build(),
                deployment("pay", "d", "2026-03-05T00:00:00Z").build(),
                // a rolled back for a defect: failed, not security
                deployment("pay", "rb-a", "2026-03-02T05:00:00Z").setRollbackOf("a").setRollbackReason(RollbackReason.DEFECT).build(),
                // b hotfixed for a security control gap: security failure
                deployment("pay", "hf-b", "2026-03-03T05:00:00Z").setIsHotfix(true).setHotfixFor("b")
                        .setHotfixCause(HotfixCause.SECURITY_CONTROL_GAP).build(),
                // c named by a security incident
                incident("pay", "i1", IncidentStatus.OPENED, "2026-03-04T01:00:00Z", "2026-03-04T01:00:00Z", true, "c"),
                // d rolled back by a staging deployment: not a deployment, so not a link
                deployment("pay", "rb-d", "2026-03-05T05:00:00Z").setEnvironment("staging").setRollbackOf("d").build());
        Map<String, Object> dora = dora();
        assertThat(dora).containsEntry("deployments", 6L).containsEntry("failed_deployments", 3L)
                .containsEntry("security_failed_deployments", 2L);
        assertThat((Double) dora.get("change_failure_rate")).isCloseTo(3.0 / 6, within(1e-12));
        assertThat((Double) dora.get("rework_rate")).isCloseTo(2.0 / 6, within(1e-12));
        Map<String, Object> security = ledger.security("service:pay", FROM, TO);
        assertThat((Double) security.get("security_hotfix_share")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aLinkArrivingBeforeItsDeploymentStillCounts() {
        ledger.pipe(deployment("pay", "rb", "2026-03-02T05:00:00Z").setRollbackOf("a").setRollbackReason(RollbackReason.SECURITY).build(),
                deployment("pay", "a", "2026-03-02T00:00:00Z").build());
        assertThat(dora()).containsEntry("failed_deployments", 1L).containsEntry("security_failed_deployments", 1L);
    }

    @Test
    void anIncidentThatChangesItsCauseMovesTheFailure() {
        ledger.pipe(deployment("pay", "a", "2026-03-02T00:00:00Z").build(), deployment("pay", "b", "2026-03-03T00:00:00Z").build(),
                incident("pay", "i1", IncidentStatus.OPENED, "2026-03-04T00:00:00Z", "2026-03-04T00:00:00Z", false, "a"),
                incident("pay", "i1", IncidentStatus.RESOLVED, "2026-03-04T02:00:00Z", "2026-03-04T00:00:00Z", true, "b"));
        assertThat(dora()).containsEntry("failed_deployments", 1L).containsEntry("security_failed_deployments", 1L);
        assertThat(ledger.dora("service:pay", "2026-03-02", "2026-03-03")).containsEntry("failed_deployments", 0L);
    }

    @Test
    void overlaysEvidenceGatesWaitAndBypassResolution() {
        ledger.pipe(
                deployment("pay", "d1", "2026-03-02T00:00:00Z").setEvidence(List.of(EvidenceKind.SBOM)).setSecurityGate(SecurityGate.BYPASSED)
                        .setPipelineMinutes(100L).setSecurityWaitMinutes(30L).build(),
                deployment("pay", "d2", "2026-03-02T06:00:00Z").setSecurityGate(SecurityGate.NOT_RUN).setPipelineMinutes(50L).build(),
                deployment("pay", "d3", "2026-03-02T10:00:00Z").setSecurityGate(SecurityGate.PASSED)
                        .setPipelineMinutes(60L).setSecurityWaitMinutes(10L).build(),
                deployment("pay", "d4", "2026-03-03T00:00:00Z").setSecurityWaitMinutes(20L).build());
        Map<String, Object> s = ledger.security("service:pay", FROM, TO);
        assertThat((Double) s.get("release_evidence_rate")).isCloseTo(3.0 / 4, within(1e-12));
        assertThat((Double) s.get("gate_bypass_rate")).isCloseTo(1.0 / 3, within(1e-12)); // NOT_RUN is outside the denominator
        assertThat(s).containsEntry("gate_bypasses", 1L);
        assertThat((Double) s.get("gate_bypass_resolution_hours_mean")).isCloseTo(10.0, within(1e-9)); // d1 -> d3, not NOT_RUN d2
        assertThat((Double) s.get("security_wait_minutes_p50")).isCloseTo(20.0, within(0.2));
        assertThat((Double) s.get("security_wait_share")).isCloseTo(40.0 / 160, within(1e-12));
    }

    @Test
    void aLatePassingDeploymentResolvesEarlierBypassesInOrder() {
        ledger.pipe(
                deployment("pay", "b1", "2026-03-02T00:00:00Z").setSecurityGate(SecurityGate.BYPASSED).build(),
                deployment("pay", "p2", "2026-03-02T20:00:00Z").build(),
                deployment("pay", "b2", "2026-03-02T04:00:00Z").setSecurityGate(SecurityGate.BYPASSED).build(),
                deployment("pay", "p1", "2026-03-02T08:00:00Z").build()); // now the next pass of both bypasses
        assertThat((Double) ledger.security("service:pay", FROM, TO).get("gate_bypass_resolution_hours_mean"))
                .isCloseTo((8.0 + 4.0) / 2, within(1e-9));
    }

    @Test
    void noSamplesGiveNullNeverZero() {
        ledger.pipe(commit("pay", "c1", "2026-03-02T00:00:00Z"));
        Map<String, Object> dora = dora();
        assertThat(dora).containsEntry("deployments", 0L).containsEntry("change_failure_rate", null)
                .containsEntry("lead_time_hours_p50", null).containsEntry("time_to_restore_hours_p50", null)
                .containsEntry("rework_rate", null);
        assertThat(ledger.security("service:pay", FROM, TO)).containsEntry("release_evidence_rate", null)
                .containsEntry("gate_bypass_rate", null).containsEntry("security_hotfix_share", null)
                .containsEntry("secret_exposures_per_1k_commits", 0.0).containsEntry("security_wait_share", null);
    }

    @Test
    void theCatalogueMayArriveLastAndARetierMovesAllHistory() {
        ledger.pipe(deployment("pay", "d1", "2026-03-02T00:00:00Z").build());
        assertThat(ledger.dora("tier:TIER_3", FROM, TO)).containsEntry("deployments", 1L);
        assertThat(ledger.dora("team:unassigned", FROM, TO)).containsEntry("deployments", 1L);

        ledger.pipe(service("pay", "payments", Tier.TIER_1, "2026-01-01T00:00:00Z"));
        assertThat(ledger.dora("tier:TIER_3", FROM, TO)).containsEntry("deployments", 0L);
        assertThat(ledger.dora("tier:TIER_1", FROM, TO)).containsEntry("deployments", 1L);
        assertThat(ledger.dora("team:payments", FROM, TO)).containsEntry("deployments", 1L);

        ledger.pipe(service("pay", "checkout", Tier.TIER_2, "2026-03-10T00:00:00Z"));
        assertThat(ledger.dora("tier:TIER_1", FROM, TO)).containsEntry("deployments", 0L);
        assertThat(ledger.dora("team:checkout", FROM, TO)).containsEntry("deployments", 1L);
        assertThat(ledger.dora("org", FROM, TO)).containsEntry("deployments", 1L);
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReason() {
        ledger.pipeWithKey("other", deployment("pay", "d1", "2026-03-02T00:00:00Z").build());
        ledger.pipe(deployment("pay", "d2", "2026-03-02T00:00:00Z").build());
        ledger.pipe(deployment("pay", "old", "2024-01-01T00:00:00Z").build()); // > 400 days before the newest event
        ledger.pipe(incident("pay", "i9", IncidentStatus.RESOLVED, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", false, null));
        assertThat(ledger.deadLetterReasons()).satisfiesExactly(
                r -> assertThat(r).contains("record key 'other' differs from service_id 'pay'"),
                r -> assertThat(r).contains("more than 400 days"),
                r -> assertThat(r).contains("'opened_at' (2026-03-03T00:00:00Z) must not be after 'occurred_at'"));
        assertThat(dora()).containsEntry("deployments", 1L);
    }

    @Test
    void anEventFromTheFutureGoesToTheDeadLetterTopicInsteadOfStoppingTheApplication() {
        String tomorrow = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        ledger.pipe(deployment("pay", "d1", "2026-03-02T00:00:00Z").build(), deployment("pay", "late", tomorrow).build(),
                service("pay", "payments", Tier.TIER_1, tomorrow));
        assertThat(ledger.deadLetterReasons()).satisfiesExactly(
                r -> assertThat(r).contains("ms (event.time.max.future.ms) after the current time"),
                r -> assertThat(r).contains("ms (event.time.max.future.ms) after the current time"));
        assertThat(dora()).containsEntry("deployments", 1L);
        assertThat(ledger.dora("tier:TIER_3", FROM, TO)).containsEntry("deployments", 1L); // the future catalogue entry did not apply
    }

    @Test
    void daysBeyondRetentionAreForgottenAndAnEventThatOldGoesToTheDeadLetterTopic() {
        ledger.close();
        ledger = new LedgerDriver(stateDir.resolve("short"), Map.of(DsmConfig.RETENTION_DAYS, "30"));
        ledger.pipe(service("pay", "payments", Tier.TIER_2, "2026-01-01T00:00:00Z"));
        java.time.LocalDate first = java.time.LocalDate.parse("2026-03-01");
        for (int d = 0; d < 60; d++) {
            ledger.pipe(deployment("pay", "d" + d, first.plusDays(d) + "T12:00:00Z").build());
            if (d == 29) {
                assertThat(ledger.dora("org", "2026-03-01", "2026-03-31")).containsEntry("deployments", 30L); // rolled up
            }
        }
        // Stream time is 2026-04-29T12:00; forgetting runs every 7 days of it, so the horizon is at least 37 days back.
        assertThat(ledger.dora("service:pay", "2026-03-01", "2026-03-23")).containsEntry("deployments", 0L);
        assertThat(ledger.dora("org", "2026-03-01", "2026-03-23")).containsEntry("deployments", 0L);
        assertThat(ledger.dora("service:pay", "2026-03-31", "2026-04-30")).containsEntry("deployments", 30L);
        assertThat(ledger.dora("org", "2026-03-31", "2026-04-30")).containsEntry("deployments", 30L);

        ledger.pipe(deployment("pay", "old", "2026-03-10T00:00:00Z").build());
        assertThat(ledger.deadLetterReasons()).singleElement().asString().contains("more than 30 days (retention.days)");
        assertThat(ledger.dora("service:pay", "2026-03-10", "2026-03-11")).containsEntry("deployments", 0L);
    }

    @Test
    void aCatalogueEntryOlderThanTheRetentionHorizonStillApplies() {
        ledger.close();
        ledger = new LedgerDriver(stateDir.resolve("old-entry"), Map.of(DsmConfig.RETENTION_DAYS, "30"));
        ledger.pipe(deployment("pay", "d1", "2026-04-29T12:00:00Z").build());
        // A service whose entry has not changed for a year: the horizon is for events, not for the catalogue table.
        ledger.pipe(service("pay", "payments", Tier.TIER_1, "2025-04-01T00:00:00Z"));
        assertThat(ledger.deadLetterReasons()).isEmpty();
        assertThat(ledger.dora("tier:TIER_1", "2026-04-29", "2026-04-30")).containsEntry("deployments", 1L);
    }
}
