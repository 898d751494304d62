package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Attestation;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.events.FindingStatus.FIXED;
import static com.devsecopsmetrics.events.FindingStatus.OPENED;
import static com.devsecopsmetrics.events.FindingStatus.REOPENED;
import static com.devsecopsmetrics.events.FindingStatus.RISK_ACCEPTED;
import static com.devsecopsmetrics.events.FindingStatus.TRIAGED;
import static com.devsecopsmetrics.ledger.Events.deployment;
import static com.devsecopsmetrics.ledger.Events.finding;
import static com.devsecopsmetrics.ledger.Events.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Snapshot coverage and debt as of the end of a day (DESIGN §4), edge cases worked out by hand. */
class SnapshotTopologyTest extends LedgerTopologyCase {
    private static ScanResult scan(String id, ScanType type, ScanOutcome outcome, String at) {
        return ScanResult.newBuilder().setScanId(id).setServiceId("pay").setRepo("acme/pay").setScanner("tool")
                .setScanType(type).setCompletedAt(Events.t(at)).setOutcome(outcome).setCritical(0).setHigh(0).setMedium(0).setLow(0).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> coverage(String date) {
        return (Map<String, Object>) ledger.snapshot("org", date).get("coverage");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> debt(String scope, String date) {
        return (Map<String, Object>) ledger.snapshot(scope, date).get("debt");
    }

    @Test
    void practicesLapseAfterTheLookbackAndErrorScansDoNotCount() {
        Service entry = Service.newBuilder(service("pay", "payments", Tier.TIER_1, "2026-01-01T00:00:00Z"))
                .setOwner("ana").setEscalationPath("pager").setAttestations(List.of(Attestation.THREAT_MODEL)).build();
        ledger.pipe(entry,
                scan("s1", ScanType.SAST, ScanOutcome.FAILED, "2026-03-01T10:00:00Z"),
                scan("s2", ScanType.SECRETS, ScanOutcome.ERROR, "2026-03-01T10:00:00Z"),
                scan("s3", ScanType.SBOM, ScanOutcome.PASSED, "2026-03-01T10:00:00Z"),
                deployment("pay", "d1", "2026-03-02T00:00:00Z").build(),
                deployment("pay", "d2", "2026-03-03T00:00:00Z").setSecurityGate(SecurityGate.NOT_RUN)
                        .setEvidence(List.of(EvidenceKind.SBOM)).build());
        Map<String, Object> c = coverage("2026-03-30"); // lookback 2026-03-01 .. 2026-03-30
        @SuppressWarnings("unchecked")
        Map<String, List<String>> practices = (Map<String, List<String>>) c.get("service_practices");
        // SAST (a FAILED scan still ran), DEPENDENCY_SCANNING (SBOM), THREAT_MODEL, OWNER_DEFINED;
        // not SECRET_SCANNING (ERROR), not CI_GATE or RELEASE_EVIDENCE (the newest deployment, d2, has neither)
        assertThat(practices.get("pay")).containsExactly("DEPENDENCY_SCANNING", "OWNER_DEFINED", "SAST", "THREAT_MODEL");
        assertThat((Double) c.get("flat_practice_coverage")).isCloseTo(4.0 / 8, within(1e-12));
        assertThat(c.get("tier1_asset_coverage")).isEqualTo(0.0);

        Map<String, Object> lapsed = coverage("2026-03-31"); // the scans of 03-01 fell out of the lookback
        @SuppressWarnings("unchecked")
        Map<String, List<String>> later = (Map<String, List<String>>) lapsed.get("service_practices");
        assertThat(later.get("pay")).containsExactly("OWNER_DEFINED", "THREAT_MODEL");
    }

    @Test
    void weightedCoverageFavoursTierOneAndUncataloguedServicesCountOnlyInDebt() {
        ledger.pipe(service("a", "t", Tier.TIER_1, "2026-01-01T00:00:00Z"), service("b", "t", Tier.TIER_3, "2026-01-01T00:00:00Z"),
                Service.newBuilder(service("a", "t", Tier.TIER_1, "2026-01-02T00:00:00Z")).setOwner("o").setEscalationPath("e").build(),
                finding("ghost", "g1", OPENED, "2026-03-01T00:00:00Z").build());
        Map<String, Object> c = coverage("2026-03-10");
        assertThat(c.get("services")).isEqualTo(2L);
        // a has 1/8 (OWNER_DEFINED) with weight 5, b has 0/8 with weight 1
        assertThat((Double) c.get("weighted_practice_coverage")).isCloseTo(5 * (1.0 / 8) / 6, within(1e-12));
        assertThat((Double) c.get("flat_practice_coverage")).isCloseTo(1.0 / 16, within(1e-12));
        Map<String, Object> d = debt("tier:TIER_3", "2026-03-10");
        assertThat(d.get("open_findings")).isEqualTo(1L);
        assertThat(d.get("risk_index")).isEqualTo(4.0 * 1 * 1); // HIGH x THEORETICAL x TIER_3
    }

    @Test
    void debtReadsEachFindingAsOfTheDate() {
        ledger.pipe(service("pay", "payments", Tier.TIER_1, "2026-01-01T00:00:00Z"),
                finding("pay", "f1", OPENED, "2026-03-01T00:00:00Z").build(),
                finding("pay", "f1", TRIAGED, "2026-03-05T00:00:00Z").setSeverity(Severity.CRITICAL)
                        .setExploitability(Exploitability.PROVEN).build(),
                finding("pay", "f1", FIXED, "2026-03-08T00:00:00Z").build(),
                finding("pay", "f1", REOPENED, "2026-03-09T00:00:00Z").build(),
                finding("pay", "f2", OPENED, "2026-03-01T00:00:00Z").build(),
                finding("pay", "f2", RISK_ACCEPTED, "2026-03-02T00:00:00Z").build(),
                finding("pay", "f2", REOPENED, "2026-03-06T00:00:00Z").build());

        Map<String, Object> march3 = debt("org", "2026-03-03");
        assertThat(march3.get("open_findings")).isEqualTo(1L); // f1 open (HIGH, THEORETICAL); f2 accepted
        assertThat(march3.get("risk_index")).isEqualTo(4.0 * 1 * 3);
        assertThat(march3.get("accepted_risk_index")).isEqualTo(4.0 * 1 * 3);
        @SuppressWarnings("unchecked")
        Map<String, Object> ages = (Map<String, Object>) march3.get("open_critical_high_age_days_p50_by_tier");
        assertThat((Double) ages.get("TIER_1")).isCloseTo(3.0, within(1e-9)); // end of 03-03 minus 03-01
        assertThat(march3.get("exploitable_critical_high_age_days_p50")).isNull();

        Map<String, Object> march6 = debt("org", "2026-03-06");
        // f1 re-scored CRITICAL/PROVEN on 03-05 and open since 03-01; f2 reopened on 03-06 (HIGH/THEORETICAL)
        assertThat(march6.get("open_findings")).isEqualTo(2L);
        assertThat(march6.get("risk_index")).isEqualTo((5.0 * 3 + 4.0 * 1) * 3);
        assertThat(march6.get("accepted_risk_index")).isEqualTo(0.0);
        assertThat((Double) march6.get("exploitable_critical_high_age_days_p50")).isCloseTo(6.0, within(1e-9));

        Map<String, Object> march8 = debt("org", "2026-03-08");
        assertThat(march8.get("open_findings")).isEqualTo(1L); // f1 fixed on 03-08, reopened on 03-09
        Map<String, Object> march9 = debt("org", "2026-03-09");
        @SuppressWarnings("unchecked")
        Map<String, Object> max = (Map<String, Object>) march9.get("open_critical_high_age_days_max_by_tier");
        assertThat((Double) max.get("TIER_1")).isCloseTo(4.0, within(1e-9)); // f2 since 03-06, f1's new episode since 03-09
    }

    @Test
    void daysSettledBeforeTheFirstSnapshotRunArePublishedAtIt(@TempDir Path otherDir) {
        // Roll-up runs come every commit; snapshot runs only every snapshot.interval.ms. The first roll-up runs
        // before the first snapshot run: the days it settles must still be owed to the snapshot topic.
        try (LedgerDriver slow = new LedgerDriver(otherDir, Map.of(DsmConfig.SNAPSHOT_INTERVAL_MS, "60000"))) {
            slow.pipe(service("pay", "team-a", Tier.TIER_1, "2026-01-01T00:00:00Z"));
            slow.pipe(deployment("pay", "d1", "2026-03-01T10:00:00Z").build(), deployment("pay", "d2", "2026-03-02T10:00:00Z").build(),
                    deployment("pay", "d3", "2026-03-04T10:00:00Z").build());
            slow.advanceWallClock(Duration.ofSeconds(5)); // a roll-up run, not a snapshot run
            assertThat(slow.publishedSnapshotKeys()).isEmpty();
            slow.advanceWallClock(Duration.ofSeconds(60)); // a snapshot run
            assertThat(slow.publishedSnapshotKeys()).contains("pay|2026-03-01", "pay|2026-03-02", "pay|2026-03-03");
        }
    }

    @Test
    void lateHistoryIsPublishedOnceItStopsArrivingNotAtEveryRun(@TempDir Path otherDir) {
        try (LedgerDriver d = new LedgerDriver(otherDir, Map.of())) {
            d.pipe(service("pay", "team-a", Tier.TIER_1, "2026-01-01T00:00:00Z"));
            for (int day = 1; day <= 10; day++) {
                d.pipe(deployment("pay", "d" + day, String.format("2026-03-%02dT10:00:00Z", day)).build());
            }
            d.advanceWallClock(Duration.ofSeconds(3));
            assertThat(d.publishedSnapshotKeys()).contains("pay|2026-03-09"); // published through the last completed day

            // A backfill of findings after everything else: each run changes days already published.
            d.pipe(finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").build());
            d.advanceWallClock(Duration.ofSeconds(3));
            d.pipe(finding("pay", "f2", OPENED, "2026-03-03T00:00:00Z").build());
            d.advanceWallClock(Duration.ofSeconds(3));
            assertThat(d.publishedSnapshotKeys()).as("held while late history arrives").isEmpty();

            d.advanceWallClock(Duration.ofSeconds(3)); // a run with no late change
            assertThat(d.publishedSnapshotKeys()).as("each changed day once").containsExactly("pay|2026-03-02", "pay|2026-03-03",
                    "pay|2026-03-04", "pay|2026-03-05", "pay|2026-03-06", "pay|2026-03-07", "pay|2026-03-08", "pay|2026-03-09");
        }
    }

    @Test
    void lateHistoryThatNeverStopsIsStillPublishedWithinTheHold(@TempDir Path otherDir) {
        try (LedgerDriver d = new LedgerDriver(otherDir, Map.of())) {
            d.pipe(service("pay", "team-a", Tier.TIER_1, "2026-01-01T00:00:00Z"),
                    deployment("pay", "d1", "2026-03-01T10:00:00Z").build(), deployment("pay", "d2", "2026-03-10T10:00:00Z").build());
            d.advanceWallClock(Duration.ofSeconds(3));
            d.publishedSnapshotKeys();
            int published = 0;
            long heldFor = 0;
            for (int i = 0; published == 0 && heldFor <= SnapshotLedger.LATE_HISTORY_HOLD_MS; i++) {
                d.pipe(finding("pay", "f" + i, OPENED, "2026-03-02T00:00:00Z").build());
                d.advanceWallClock(Duration.ofSeconds(3));
                heldFor += 3000;
                published = d.publishedSnapshotKeys().size();
            }
            assertThat(published).as("published once the hold ran out, late history or not").isPositive();
            assertThat(heldFor).isGreaterThanOrEqualTo(SnapshotLedger.LATE_HISTORY_HOLD_MS);
        }
    }
}
