package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.devsecopsmetrics.ledger.Events.deployment;
import static com.devsecopsmetrics.ledger.Events.service;
import static org.assertj.core.api.Assertions.assertThat;

/** Practice evidence kept as one row per month and service: reads across months, retention, and rows of earlier builds. */
class EvidenceMonthsTest extends LedgerTopologyCase {
    private static final List<String> DATES = List.of("2026-02-21", "2026-03-01", "2026-03-10", "2026-04-03", "2026-04-20");

    private static ScanResult scan(String service, String id, ScanType type, String at) {
        return ScanResult.newBuilder().setScanId(id).setServiceId(service).setRepo("acme/" + service).setScanner("tool")
                .setScanType(type).setCompletedAt(Events.t(at)).setOutcome(ScanOutcome.PASSED).setCritical(0).setHigh(0).setMedium(0).setLow(0).build();
    }

    /** Two services with scans and deployments in February, March and April; the lookbacks span month ends. */
    private void pipeThreeMonths() {
        ledger.pipe(service("pay", "payments", Tier.TIER_1, "2026-01-01T00:00:00Z"), service("web", "shop", Tier.TIER_2, "2026-01-01T00:00:00Z"),
                scan("pay", "s1", ScanType.SAST, "2026-02-20T10:00:00Z"), scan("web", "s2", ScanType.SECRETS, "2026-02-27T10:00:00Z"),
                deployment("pay", "d1", "2026-02-28T23:00:00Z").build(), scan("pay", "s3", ScanType.SCA, "2026-03-09T10:00:00Z"),
                deployment("web", "d2", "2026-03-31T12:00:00Z").build(), scan("pay", "s4", ScanType.IMAGE, "2026-04-02T10:00:00Z"),
                deployment("pay", "d3", "2026-04-20T12:00:00Z").build());
        ledger.advanceWallClock(Duration.ofSeconds(5)); // the roll-up run keeps the evidence of the days it settles
    }

    private Map<String, Object> coverages() {
        Map<String, Object> byDate = new TreeMap<>();
        DATES.forEach(date -> byDate.put(date, ledger.snapshot("org", date).get("coverage")));
        return byDate;
    }

    private static Map<String, byte[]> rows(KeyValueStore<String, byte[]> store) {
        Map<String, byte[]> rows = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> rows.put(kv.key, kv.value));
        }
        return rows;
    }

    @Test
    void eachMonthIsARowAndALookbackReadsAcrossThem() {
        pipeThreeMonths();
        KeyValueStore<String, byte[]> store = ledger.store(LedgerStores.PRACTICE_EVIDENCE);
        assertThat(rows(store).keySet()).containsExactly(LedgerKeys.of("2026-02", "pay"), LedgerKeys.of("2026-02", "web"),
                LedgerKeys.of("2026-03", "pay"), LedgerKeys.of("2026-03", "web"), LedgerKeys.of("2026-04", "pay"));
        long first = LocalDate.parse("2026-03-05").toEpochDay();
        long last = LocalDate.parse("2026-04-03").toEpochDay();
        // pay: the SCA scan of March 9 and the image scan of April 2, across the month end; nothing of February.
        PracticeEvidence.Window pay = EvidenceMonths.of(store, "pay", first, last).over(LocalDate.parse("2026-04-03"), 30);
        assertThat(pay.dependencyScanning()).isTrue();
        assertThat(pay.imageScanning()).isTrue();
        assertThat(pay.sast()).isFalse();
        assertThat(EvidenceMonths.all(store, first, last)).containsOnlyKeys("pay", "web");
    }

    @Test
    void retentionDeletesOlderMonthsAndTrimsTheHorizonsMonth() {
        pipeThreeMonths();
        KeyValueStore<String, byte[]> store = ledger.store(LedgerStores.PRACTICE_EVIDENCE);
        long horizon = LocalDate.parse("2026-03-05").toEpochDay();
        long firstKept = EvidenceMonths.forgetBefore(store, horizon);
        assertThat(firstKept).isEqualTo(LocalDate.parse("2026-03-09").toEpochDay());
        assertThat(rows(store).keySet()).containsExactly(LedgerKeys.of("2026-03", "pay"), LedgerKeys.of("2026-03", "web"),
                LedgerKeys.of("2026-04", "pay"));
        assertThat(PracticeEvidence.decode(store.get(LedgerKeys.of("2026-03", "pay"))).firstDay()).hasValue(firstKept);
    }

    @Test
    void wholeRowsOfAnEarlierBuildAreSplitIntoMonthsWithTheSameAnswers() {
        pipeThreeMonths();
        Map<String, Object> before = coverages();
        KeyValueStore<String, byte[]> store = ledger.store(LedgerStores.PRACTICE_EVIDENCE);
        KeyValueStore<String, String> progress = ledger.store(LedgerStores.SNAPSHOT_PROGRESS);
        Map<String, byte[]> months = rows(store);

        // As a build before 2026-12-07 left them: one row per service with every day, and no mark of the split.
        Map<String, List<byte[]>> byService = new TreeMap<>();
        months.forEach((key, row) -> byService.computeIfAbsent(LedgerKeys.split(key)[1], s -> new ArrayList<>()).add(row));
        months.keySet().forEach(store::delete);
        byService.forEach((service, rows) -> store.put(service, PracticeEvidence.concat(rows).encode()));
        progress.delete("evidence-by-month");
        assertThat(coverages()).as("whole rows are not read as months").isNotEqualTo(before);

        EvidenceMonths.splitWholeRows(store, progress);
        assertThat(rows(store)).usingRecursiveComparison().isEqualTo(months);
        assertThat(coverages()).isEqualTo(before);
    }
}
