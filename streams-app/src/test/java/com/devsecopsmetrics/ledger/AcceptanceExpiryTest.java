package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.devsecopsmetrics.ingest.generate.SyntheticOrganisation;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An acceptance with accepted_until reopens the finding then, in every snapshot figure, as a REOPENED would: the
 * ledger (TopologyTestDriver) and the independent reference agree on hand-made histories and on a generated one.
 */
class AcceptanceExpiryTest {
    private static final List<String> FIGURES = List.of("open_findings", "risk_index", "accepted_risk_index",
            "open_critical_high_age_days_max_by_tier", "open_critical_high_age_days_p50_by_tier", "exploitable_critical_high_age_days_p50");

    private static Finding event(String id, FindingStatus status, String at, String until) {
        return Finding.newBuilder().setFindingId(id).setServiceId("pay").setStatus(status).setOccurredAt(Instant.parse(at))
                .setSeverity(Severity.HIGH).setExploitability(Exploitability.PROVEN).setCategory(FindingCategory.CODE)
                .setDefectClass("CWE-89").setInNewCode(false).setScanner("semgrep")
                .setAcceptedUntil(until == null ? null : Instant.parse(until)).build();
    }

    @Test
    void anAcceptanceLapsesIntoAnOpenEpisodeUnlessALaterEventDecidesOtherwise(@TempDir Path dir) {
        List<SpecificRecord> events = List.of(
                // lapses on 03-10: accepted on 03-05..03-09, open (a reopened episode) from 03-10
                event("lapses", FindingStatus.OPENED, "2026-03-01T00:00:00Z", null),
                event("lapses", FindingStatus.RISK_ACCEPTED, "2026-03-03T00:00:00Z", "2026-03-10T00:00:00Z"),
                // renewed while accepted: the later acceptance's end (03-20) is the one that counts
                event("renewed", FindingStatus.OPENED, "2026-03-01T00:00:00Z", null),
                event("renewed", FindingStatus.RISK_ACCEPTED, "2026-03-02T00:00:00Z", "2026-03-08T00:00:00Z"),
                event("renewed", FindingStatus.RISK_ACCEPTED, "2026-03-07T00:00:00Z", "2026-03-20T00:00:00Z"),
                // fixed while accepted: never comes back
                event("fixed", FindingStatus.OPENED, "2026-03-01T00:00:00Z", null),
                event("fixed", FindingStatus.RISK_ACCEPTED, "2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z"),
                event("fixed", FindingStatus.FIXED, "2026-03-04T00:00:00Z", null),
                // reopened by hand first, then fixed: the old expiry has nothing left to reopen
                event("handled", FindingStatus.OPENED, "2026-03-01T00:00:00Z", null),
                event("handled", FindingStatus.RISK_ACCEPTED, "2026-03-02T00:00:00Z", "2026-03-12T00:00:00Z"),
                event("handled", FindingStatus.REOPENED, "2026-03-05T00:00:00Z", null),
                event("handled", FindingStatus.FIXED, "2026-03-06T00:00:00Z", null),
                // an acceptance while not open is ignored, and so is its expiry
                event("ignored", FindingStatus.OPENED, "2026-03-01T00:00:00Z", null),
                event("ignored", FindingStatus.FIXED, "2026-03-02T00:00:00Z", null),
                event("ignored", FindingStatus.RISK_ACCEPTED, "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z"));
        ReferenceMetrics reference = reference(events);
        try (LedgerDriver ledger = new LedgerDriver(dir)) {
            List<SpecificRecord> newestFirst = new ArrayList<>(events);
            Collections.reverse(newestFirst); // the expiry does not need its acceptance to arrive first
            ledger.pipe(newestFirst);
            assertThat(debt(ledger, "2026-03-09").get("open_findings")).isEqualTo(0L);
            Map<String, Object> on10 = debt(ledger, "2026-03-10");
            assertThat(on10.get("open_findings")).isEqualTo(1L);
            assertThat(((Map<?, ?>) on10.get("open_critical_high_age_days_max_by_tier")).get("TIER_3")).isEqualTo(1.0);
            assertThat(debt(ledger, "2026-03-19").get("open_findings")).isEqualTo(1L);
            assertThat(debt(ledger, "2026-03-20").get("open_findings")).isEqualTo(2L);
            // "fixed" stays accepted (DESIGN §3 ignores a FIXED while not open), but its expiry is cancelled: HIGH x PROVEN x TIER_3
            assertThat(debt(ledger, "2026-03-20").get("accepted_risk_index")).isEqualTo(12.0);
            assertThat(ledger.debtFlow("org", "2026-03-01", "2026-04-01").get("reopened")).isEqualTo(3L); // lapses, renewed, handled
            for (String date : List.of("2026-03-02", "2026-03-05", "2026-03-09", "2026-03-10", "2026-03-12", "2026-03-20", "2026-04-01")) {
                assertSameSnapshot(ledger, reference, "org", date);
            }
            assertThat(reference.debtFlow("org", LocalDate.parse("2026-03-01"), LocalDate.parse("2026-04-01")).get("reopened")).isEqualTo(3L);
        }
    }

    @Test
    void aGeneratedOrganisationWithLapsingAcceptancesAgreesWithTheReference(@TempDir Path dir) {
        Instant end = Instant.parse("2026-05-01T00:00:00Z");
        List<SpecificRecord> history = new ArrayList<>();
        SyntheticOrganisation.generate(new OrganisationSpec(8, 200, 31L, end, true), (kind, event) -> history.add(event));
        long lapsing = history.stream().filter(e -> e instanceof Finding f && f.getAcceptedUntil() != null).count();
        assertThat(lapsing).as("acceptances with accepted_until in the generated history").isGreaterThan(0);
        ReferenceMetrics reference = reference(history);
        try (LedgerDriver ledger = new LedgerDriver(dir)) {
            ledger.pipe(history);
            for (String scope : List.of("org", "tier:TIER_1", "tier:TIER_2", "tier:TIER_3")) {
                for (LocalDate date = LocalDate.of(2026, 1, 1); date.isBefore(LocalDate.of(2026, 5, 1)); date = date.plusDays(20)) {
                    assertSameSnapshot(ledger, reference, scope, date.toString());
                }
                Map<String, Object> flow = ledger.debtFlow(scope, "2025-10-13", "2026-05-01");
                assertThat(flow.get("reopened")).as(scope + " reopened")
                        .isEqualTo(reference.debtFlow(scope, LocalDate.parse("2025-10-13"), LocalDate.parse("2026-05-01")).get("reopened"));
            }
        }
    }

    private static ReferenceMetrics reference(List<SpecificRecord> events) {
        Map<String, List<JsonNode>> byKind = new HashMap<>();
        ReferenceMetrics.KINDS.forEach(kind -> byKind.put(kind, new ArrayList<>()));
        for (SpecificRecord e : events) {
            byKind.computeIfAbsent(EventKind.ofRecord(e).orElseThrow().kind(), k -> new ArrayList<>()).add(ContractJson.toJsonNode(e));
        }
        return new ReferenceMetrics(byKind);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> debt(LedgerDriver ledger, String date) {
        return (Map<String, Object>) ledger.snapshot("org", date).get("debt");
    }

    @SuppressWarnings("unchecked")
    private static void assertSameSnapshot(LedgerDriver ledger, ReferenceMetrics reference, String scope, String date) {
        Map<String, Object> actual = (Map<String, Object>) ledger.snapshot(scope, date).get("debt");
        Map<String, Object> expected = (Map<String, Object>) reference.snapshot(scope, LocalDate.parse(date)).get("debt");
        for (String figure : FIGURES) {
            assertSame(actual.get(figure), expected.get(figure), scope + " " + date + " " + figure);
        }
    }

    /** Equal, but for the last bits of floating-point sums taken in another order. */
    private static void assertSame(Object actual, Object expected, String what) {
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            assertThat(a.keySet()).as(what).isEqualTo(e.keySet());
            e.forEach((k, v) -> assertSame(a.get(k), v, what + "." + k));
        } else if (expected instanceof Number e && actual instanceof Number a) {
            assertThat(a.doubleValue()).as(what).isCloseTo(e.doubleValue(), within(Math.abs(e.doubleValue()) * 1e-9 + 1e-9));
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }
}
