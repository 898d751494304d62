package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.metrics.coverage.ScanContributions;
import com.devsecopsmetrics.metrics.debt.FindingContributions;
import com.devsecopsmetrics.metrics.debt.FindingHistory;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.devsecopsmetrics.metrics.debt.TimelineCodec;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The security facts of a service: findings and scans. A finding's state reads the complete scans of its
 * scanner (one that did not list it closed it), so a scan re-derives every finding of its scanner; each
 * finding's state timeline is kept for the snapshots and the alert reporters.
 */
final class FindingFacts {
    private final TaskId task;
    private final DayBook dayBook;
    private final RiskWeights riskWeights;
    private final TimelineChanges timelineChanges;
    private final KeyValueStore<String, List<Finding>> findings;
    private final KeyValueStore<String, ScanResult> scans;
    private final KeyValueStore<String, String> completeScans;
    private final KeyValueStore<String, String> findingsByScanner;
    private final KeyValueStore<String, String> findingTimelines;
    private final KeyValueStore<String, Long> timelineVersions;

    FindingFacts(ProcessorContext<?, ?> context, DayBook dayBook, RiskWeights riskWeights, TimelineChanges timelineChanges) {
        this.task = context.taskId();
        this.dayBook = dayBook;
        this.riskWeights = riskWeights;
        this.timelineChanges = timelineChanges;
        findings = context.getStateStore(LedgerStores.FINDINGS);
        scans = context.getStateStore(LedgerStores.SCANS);
        completeScans = context.getStateStore(LedgerStores.COMPLETE_SCANS);
        findingsByScanner = context.getStateStore(LedgerStores.FINDINGS_BY_SCANNER);
        findingTimelines = context.getStateStore(LedgerStores.FINDING_TIMELINES);
        timelineVersions = context.getStateStore(LedgerStores.TIMELINE_VERSIONS);
    }

    void onFinding(String service, Finding f) {
        String key = LedgerKeys.of(service, f.getFindingId());
        List<Finding> before = findings.get(key);
        List<Finding> after = FindingHistory.with(before, f);
        if (after == null) {
            return;
        }
        findings.put(key, after);
        String oldScanner = before == null ? null : FindingHistory.newest(before, null).getScanner();
        String newScanner = FindingHistory.newest(after, null).getScanner();
        if (!Objects.equals(oldScanner, newScanner)) {
            if (oldScanner != null) {
                SortedEntries.update(findingsByScanner, LedgerKeys.of(service, oldScanner), f.getFindingId(), false);
            }
            if (newScanner != null) {
                SortedEntries.update(findingsByScanner, LedgerKeys.of(service, newScanner), f.getFindingId(), true);
            }
        }
        recomputeFinding(service, f.getFindingId());
    }

    private void recomputeFinding(String service, String findingId) {
        List<Finding> history = findings.get(LedgerKeys.of(service, findingId));
        List<FindingHistory.ScanObservation> observations = new ArrayList<>();
        String scanner = history == null ? null : FindingHistory.newest(history, null).getScanner();
        if (scanner != null) {
            for (String entry : SortedEntries.decode(completeScans.get(LedgerKeys.of(service, scanner)))) {
                ScanResult scan = scans.get(LedgerKeys.of(service, LedgerKeys.split(entry)[1]));
                if (scan != null && scan.getFindingIds() != null) {
                    observations.add(new FindingHistory.ScanObservation(scan.getCompletedAt(), scan.getFindingIds().contains(findingId)));
                }
            }
        }
        dayBook.apply(service, LedgerKeys.of(service, "F", findingId), FindingContributions.of(history, observations, riskWeights));
        String timelineKey = LedgerKeys.of(service, findingId);
        String timeline = history == null ? null : TimelineCodec.encode(FindingHistory.timeline(history, observations));
        if (!Objects.equals(timeline, findingTimelines.get(timelineKey))) {
            findingTimelines.put(timelineKey, timeline); // null deletes
            Long version = timelineVersions.get(service);
            timelineVersions.put(service, version == null ? 1L : version + 1);
            timelineChanges.changed(task, service, findingId);
        }
    }

    /**
     * Stores a scan. A complete one (with finding_ids) closes the unobserved open findings of its scanner and
     * reopens the fixed ones it observed again, so every finding of that scanner is re-read with it.
     */
    void onScan(String service, ScanResult s) {
        String key = LedgerKeys.of(service, s.getScanId());
        ScanResult old = scans.get(key);
        if (old != null && !EventVersions.replaces(s, old, s.getCompletedAt(), old.getCompletedAt())) {
            return;
        }
        scans.put(key, s);
        // A scan's contribution depends on the scan alone, so the old one is derived rather than stored.
        dayBook.applyDifference(service, ScanContributions.of(old), ScanContributions.of(s));
        Set<String> touchedScanners = new TreeSet<>();
        if (old != null && old.getFindingIds() != null) {
            listCompleteScan(service, old, false);
            touchedScanners.add(old.getScanner());
        }
        if (s.getFindingIds() != null) {
            listCompleteScan(service, s, true);
            touchedScanners.add(s.getScanner());
        }
        for (String scanner : touchedScanners) {
            for (String findingId : SortedEntries.decode(findingsByScanner.get(LedgerKeys.of(service, scanner)))) {
                recomputeFinding(service, findingId);
            }
        }
    }

    private void listCompleteScan(String service, ScanResult s, boolean present) {
        SortedEntries.update(completeScans, LedgerKeys.of(service, s.getScanner()),
                LedgerKeys.of(LedgerKeys.time(s.getCompletedAt()), s.getScanId()), present);
    }
}
