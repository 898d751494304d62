package com.devsecopsmetrics.ledger;

import java.util.concurrent.atomic.AtomicLong;
import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.debt.DebtState;
import com.devsecopsmetrics.debt.FindingContributions;
import com.devsecopsmetrics.debt.FindingHistory;
import com.devsecopsmetrics.delivery.DeliveryContributions;
import com.devsecopsmetrics.delivery.FailureLink;
import com.devsecopsmetrics.delivery.IncidentHistory;
import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.HotfixCause;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.RollbackReason;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Service;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps each service's facts and, from them, its figures per day and its share of the org, team and tier
 * figures of this partition. Every fact's contribution is recomputed from the facts it depends on when one of
 * them changes and only the difference is applied, so duplicates count once and arrival order does not matter.
 */
final class ServiceLedger implements Processor<String, Object, String, SpecificRecord> {
    private final Duration retention;
    private final Set<EvidenceKind> requiredEvidence;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Service> catalogue;
    private KeyValueStore<String, CommitFacts> commits;
    private KeyValueStore<String, Deployment> deployments;
    private KeyValueStore<String, String> failureLinks;
    private KeyValueStore<String, String> gates;
    private KeyValueStore<String, List<Incident>> incidents;
    private KeyValueStore<String, List<Finding>> findings;
    private KeyValueStore<String, ScanResult> scans;
    private KeyValueStore<String, Contribution> contributions;
    private KeyValueStore<String, DayFigures> serviceDays;
    private KeyValueStore<String, DayFigures> scopeDays;
    private KeyValueStore<String, String> assignments;
    /**
     * The assignments store read once per service: every event asks for it, only this processor writes it, and
     * a task that moves starts with an empty cache and reads the store again.
     */
    private final Map<String, ScopeAssignment> assignmentCache = new HashMap<>();
    /** service|YYYY-MM-DD -> the change of the service-day since the roll-up run last folded it in. */
    private KeyValueStore<String, DayFigures> pendingDays;
    /**
     * The keys of pendingDays, read from it at init: a roll-up run then reads only the rows it owes, and the store
     * keeps its unwritten rows, so a pending change made and folded in within one commit is never written.
     */
    private final Set<String> pendingKeys = new java.util.LinkedHashSet<>();
    /** The service-day changes of the event being processed. */
    private final Map<String, DayFigures> dayChanges = new HashMap<>();
    private KeyValueStore<String, String> completeScans;
    private KeyValueStore<String, String> findingsByScanner;
    private KeyValueStore<String, String> findingTimelines;
    private KeyValueStore<String, Long> timelineVersions;
    private KeyValueStore<String, String> dayDeployments;
    private SnapshotLedger snapshots;
    /**
     * No row of any day before this one exists: the first day kept after the last retention pass, lowered by
     * every day written since. Long.MIN_VALUE until the first pass after init, which must look.
     */
    private long oldestDay = Long.MIN_VALUE;
    private final int lookbackDays;

    private final Duration rollupInterval;
    private final Duration snapshotInterval;
    private long lastSnapshotRun;

    private final com.devsecopsmetrics.debt.RiskWeights riskWeights;

    private final Map<com.devsecopsmetrics.events.Severity, Integer> slaDays;

    private final TaskCommits taskCommits;
    private AtomicLong commitCount;
    private RollupTiming rollupTiming;

    private final TimelineChanges timelineChanges;

    ServiceLedger(LedgerTopology.Settings settings, TaskCommits taskCommits, TimelineChanges timelineChanges) {
        this.taskCommits = taskCommits;
        this.timelineChanges = timelineChanges;
        this.riskWeights = settings.riskWeights();
        this.lookbackDays = settings.lookbackDays();
        this.requiredEvidence = settings.requiredEvidence();
        this.retention = settings.admission().retention();
        this.rollupInterval = settings.rollupInterval();
        this.snapshotInterval = settings.snapshotInterval();
        this.slaDays = settings.slaDays();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        assignmentCache.clear(); // init runs again when a task is revived after an aborted transaction
        dayChanges.clear();
        oldestDay = Long.MIN_VALUE;
        catalogue = context.getStateStore(CatalogueTopology.STORE);
        commits = context.getStateStore(LedgerStores.COMMITS);
        deployments = context.getStateStore(LedgerStores.DEPLOYMENTS);
        failureLinks = context.getStateStore(LedgerStores.FAILURE_LINKS);
        gates = context.getStateStore(LedgerStores.GATES);
        incidents = context.getStateStore(LedgerStores.INCIDENTS);
        findings = context.getStateStore(LedgerStores.FINDINGS);
        scans = context.getStateStore(LedgerStores.SCANS);
        contributions = context.getStateStore(LedgerStores.CONTRIBUTIONS);
        serviceDays = context.getStateStore(LedgerStores.SERVICE_DAYS);
        scopeDays = context.getStateStore(LedgerStores.SCOPE_DAYS);
        assignments = context.getStateStore(LedgerStores.ASSIGNMENTS);
        pendingDays = context.getStateStore(LedgerStores.PENDING_DAYS);
        pendingKeys.clear();
        try (KeyValueIterator<String, DayFigures> it = pendingDays.all()) {
            it.forEachRemaining(kv -> pendingKeys.add(kv.key));
        }
        completeScans = context.getStateStore(LedgerStores.COMPLETE_SCANS);
        findingsByScanner = context.getStateStore(LedgerStores.FINDINGS_BY_SCANNER);
        findingTimelines = context.getStateStore(LedgerStores.FINDING_TIMELINES);
        timelineVersions = context.getStateStore(LedgerStores.TIMELINE_VERSIONS);
        timelineChanges.start(context.taskId());
        dayDeployments = context.getStateStore(LedgerStores.DAY_DEPLOYMENTS);
        snapshots = new SnapshotLedger(context, riskWeights, lookbackDays, slaDays);
        context.schedule(Duration.ofDays(7), PunctuationType.STREAM_TIME, this::forgetDaysBeyondRetention);
        long commitInterval = commitIntervalMs(context.appConfigs());
        long tick = RollupTiming.tickFor(commitInterval);
        commitCount = taskCommits.of(context.taskId());
        rollupTiming = new RollupTiming(rollupInterval.toMillis(), commitInterval, tick, context.currentSystemTimeMs(),
                commitCount.get());
        lastSnapshotRun = context.currentSystemTimeMs();
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (rollupTiming.tick(now, commitCount.get())) {
                // Runs come a commit period apart, a little more than the roll-up interval: half of it is slack.
                boolean snapshotRun = now - lastSnapshotRun >= snapshotInterval.toMillis() - rollupInterval.toMillis() / 2;
                if (snapshotRun) {
                    lastSnapshotRun = now;
                }
                settleChangedDays(snapshotRun);
            }
        });
    }

    private static long commitIntervalMs(Map<String, Object> appConfigs) {
        Object configured = appConfigs.get(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return configured == null ? 100 : Long.parseLong(configured.toString());
    }

    /**
     * Folds the service-days that changed since the last run into the org, team and tier roll-ups and publishes
     * them to devsecops.metrics.daily; on a snapshot run, also publishes the snapshots owed. Deferring the roll-up
     * merges many events' changes into one update of each scope-day; the pending changes are kept in a store,
     * written in the same transaction as the rows, so a crash before this runs loses nothing. It runs just before
     * a commit ({@link RollupTiming}), so the pending rows it deletes are seldom written at all.
     */
    private void settleChangedDays(boolean snapshotRun) {
        snapshots.begin();
        if (snapshotRun || !snapshots.started()) {
            snapshots.advance(() -> KnownServices.of(assignments, catalogue));
        }
        Map<String, DayFigures> rollupDeltas = new HashMap<>();
        Map<String, DebtState> debtDeltas = new HashMap<>();
        for (String rowKey : pendingKeys) {
            DayFigures pending = pendingDays.get(rowKey);
            if (pending == null) {
                continue; // not expected: the key set follows the store; the key is dropped below
            }
            String[] parts = LedgerKeys.split(rowKey);
            DayFigures row = serviceDays.get(rowKey);
            ScopeAssignment assignment = ensureAssigned(parts[0]);
            if (!pending.isEmpty()) {
                collect(rollupDeltas, debtDeltas, assignment, parts[1], pending, 1);
            }
            long day = LedgerKeys.epochDay(parts[1]);
            snapshots.settled(parts[0], rowKey, day, row);
            // A day left with no figures is published with zeros rather than a tombstone: the sink is chosen by type.
            ServiceDailyMetrics value = DailyMetricsRecord.of(parts[0], assignment, java.time.LocalDate.ofEpochDay(day),
                    row == null ? new DayFigures() : row);
            context.forward(new Record<>(parts[0] + "|" + parts[1], value, context.currentSystemTimeMs()));
        }
        applyToRollups(rollupDeltas, debtDeltas);
        // Only once the roll-ups hold the changes: a run that fails before this (the processing exception handler
        // lets the task go on) leaves every change pending for the next run, instead of losing the ones it had read.
        pendingKeys.forEach(pendingDays::delete);
        pendingKeys.clear();
        snapshots.flushEvidence();
        if (snapshotRun) {
            snapshots.publishOwed();
        }
    }

    /** Adds a service-day's change to its scopes: the figures, and apart from them the debt change by tier. */
    private void collect(Map<String, DayFigures> deltas, Map<String, DebtState> debtDeltas, ScopeAssignment assignment,
                         String dayKey, DayFigures delta, int sign) {
        int tierWeight = assignment.riskWeight(riskWeights);
        DayFigures weighted = delta.forScope(tierWeight);
        DebtState debt = delta.debt().weighted(tierWeight);
        for (String scope : assignment.scopes()) {
            deltas.computeIfAbsent(LedgerKeys.of(scope, dayKey), k -> new DayFigures()).merge(weighted, sign);
            if (!debt.isEmpty()) {
                debtDeltas.computeIfAbsent(LedgerKeys.of(scope, dayKey, assignment.tier().name()), k -> new DebtState()).merge(debt, sign);
            }
        }
    }

    private void applyToRollups(Map<String, DayFigures> deltas, Map<String, DebtState> debtDeltas) {
        snapshots.addToScopes(debtDeltas);
        deltas.forEach((key, delta) -> {
            if (delta.isEmpty()) {
                return;
            }
            DayFigures row = scopeDays.get(key);
            row = row == null ? delta : row.merge(delta, 1);
            if (row.isEmpty()) {
                scopeDays.delete(key);
            } else {
                scopeDays.put(key, row);
            }
        });
    }

    @Override
    public void process(Record<String, Object> record) {
        rollupTiming.processing(context.currentSystemTimeMs(), commitCount.get());
        try {
            route(record);
        } finally {
            applyDayChanges();
        }
    }

    private void route(Record<String, Object> record) {
        if (record.value() instanceof CatalogueChange change) {
            reassign(change.serviceId(), ScopeAssignment.of(change.entry()));
            snapshots.catalogueChanged(change.serviceId(), horizonDay());
            return;
        }
        SpecificRecord event = (SpecificRecord) record.value(); // admitted: a contract event keyed by its service_id
        String service = record.key();
        if (event instanceof Commit c) {
            onCommit(service, c);
        } else if (event instanceof Deployment d) {
            onDeployment(service, d);
        } else if (event instanceof Incident i) {
            onIncident(service, i);
        } else if (event instanceof Finding f) {
            onFinding(service, f);
        } else if (event instanceof ScanResult s) {
            onScan(service, s);
        }
    }

    // ---- commits -------------------------------------------------------------------------------------------

    private void onCommit(String service, Commit c) {
        String key = LedgerKeys.of(service, c.getCommitId());
        CommitFacts facts = CommitFacts.orNone(commits.get(key));
        Commit old = facts.commit();
        if (old != null && !replaces(c, old, c.getCommittedAt(), old.getCommittedAt())) {
            return;
        }
        commits.put(key, facts.withCommit(c));
        Instant earliest = earliestDeployment(facts);
        // A commit's contribution follows from the commit and its earliest deployment, so the old one is derived.
        applyDifference(service, DeliveryContributions.commit(old, earliest), DeliveryContributions.commit(c, earliest));
    }

    private Instant earliestDeployment(String service, String commitId) {
        return earliestDeployment(CommitFacts.orNone(commits.get(LedgerKeys.of(service, commitId))));
    }

    private static Instant earliestDeployment(CommitFacts facts) {
        String first = SortedEntries.first(facts.deployments()); // "deployed_at|deployment", the earliest
        return first == null ? null : LedgerKeys.parseTime(first.substring(0, first.indexOf(LedgerKeys.SEP)));
    }

    /** Adds a production deployment to, or removes one from, the listing of a commit it ships. */
    private void updateListing(String service, String commitId, String entry, boolean present) {
        String key = LedgerKeys.of(service, commitId);
        CommitFacts facts = CommitFacts.orNone(commits.get(key));
        TreeSet<String> entries = SortedEntries.decode(facts.deployments());
        if (present ? entries.add(entry) : entries.remove(entry)) {
            CommitFacts updated = facts.withDeployments(SortedEntries.encode(entries));
            if (updated.isEmpty()) {
                commits.delete(key);
            } else {
                commits.put(key, updated);
            }
        }
    }

    // ---- deployments ---------------------------------------------------------------------------------------

    private void onDeployment(String service, Deployment d) {
        String key = LedgerKeys.of(service, d.getDeploymentId());
        Deployment old = deployments.get(key);
        if (old != null && !replaces(d, old, d.getDeployedAt(), old.getDeployedAt())) {
            return;
        }
        deployments.put(key, d);
        Set<String> touchedCommits = new TreeSet<>(d.getCommitIds());
        Set<String> touchedDeployments = new LinkedHashSet<>();
        List<Instant> gateChanges = new ArrayList<>();
        if (old != null) {
            touchedCommits.addAll(old.getCommitIds());
        }
        Map<String, Instant> earliestBefore = new HashMap<>();
        touchedCommits.forEach(commitId -> earliestBefore.put(commitId, earliestDeployment(service, commitId)));
        if (old != null) {
            unindex(service, old, touchedDeployments, gateChanges);
        }
        index(service, d, touchedDeployments, gateChanges);
        for (String commitId : touchedCommits) {
            Instant earliestAfter = earliestDeployment(service, commitId);
            if (!java.util.Objects.equals(earliestBefore.get(commitId), earliestAfter)) {
                Commit c = CommitFacts.orNone(commits.get(LedgerKeys.of(service, commitId))).commit();
                applyDifference(service, DeliveryContributions.commit(c, earliestBefore.get(commitId)),
                        DeliveryContributions.commit(c, earliestAfter));
            }
        }
        for (Instant t : gateChanges) {
            touchedDeployments.addAll(bypassesResolvedAround(service, t));
        }
        touchedDeployments.add(d.getDeploymentId());
        touchedDeployments.forEach(id -> recomputeDeployment(service, id));
    }

    private void index(String service, Deployment d, Set<String> touched, List<Instant> gateChanges) {
        if (!DeliveryContributions.isDeployment(d)) {
            return;
        }
        String time = LedgerKeys.time(d.getDeployedAt());
        d.getCommitIds().forEach(commitId -> updateListing(service, commitId, LedgerKeys.of(time, d.getDeploymentId()), true));
        if (d.getRollbackOf() != null) {
            link(service, d.getRollbackOf(), new FailureLink(FailureLink.Kind.ROLLBACK, d.getDeploymentId(),
                    d.getRollbackReason() == RollbackReason.SECURITY), true);
            touched.add(d.getRollbackOf());
        }
        if (d.getHotfixFor() != null) {
            link(service, d.getHotfixFor(), new FailureLink(FailureLink.Kind.HOTFIX, d.getDeploymentId(),
                    d.getHotfixCause() == HotfixCause.SECURITY_CONTROL_GAP), true);
            touched.add(d.getHotfixFor());
        }
        String deployedDay = LedgerKeys.of(service, LedgerKeys.day(Contribution.dayOf(d.getDeployedAt())));
        updateSet(dayDeployments, deployedDay, dayDeploymentEntry(d), true);
        markDirty(deployedDay); // the day's practice evidence reads its last deployment
        if (d.getSecurityGate() != SecurityGate.NOT_RUN) {
            gates.put(LedgerKeys.of(service, time, d.getDeploymentId()), d.getSecurityGate().name());
            if (d.getSecurityGate() == SecurityGate.PASSED) {
                gateChanges.add(d.getDeployedAt());
            }
        }
    }

    private void unindex(String service, Deployment d, Set<String> touched, List<Instant> gateChanges) {
        if (!DeliveryContributions.isDeployment(d)) {
            return;
        }
        String time = LedgerKeys.time(d.getDeployedAt());
        d.getCommitIds().forEach(commitId -> updateListing(service, commitId, LedgerKeys.of(time, d.getDeploymentId()), false));
        if (d.getRollbackOf() != null) {
            link(service, d.getRollbackOf(), new FailureLink(FailureLink.Kind.ROLLBACK, d.getDeploymentId(),
                    d.getRollbackReason() == RollbackReason.SECURITY), false);
            touched.add(d.getRollbackOf());
        }
        if (d.getHotfixFor() != null) {
            link(service, d.getHotfixFor(), new FailureLink(FailureLink.Kind.HOTFIX, d.getDeploymentId(),
                    d.getHotfixCause() == HotfixCause.SECURITY_CONTROL_GAP), false);
            touched.add(d.getHotfixFor());
        }
        String deployedDay = LedgerKeys.of(service, LedgerKeys.day(Contribution.dayOf(d.getDeployedAt())));
        updateSet(dayDeployments, deployedDay, dayDeploymentEntry(d), false);
        markDirty(deployedDay);
        if (gates.delete(LedgerKeys.of(service, time, d.getDeploymentId())) != null && d.getSecurityGate() == SecurityGate.PASSED) {
            gateChanges.add(d.getDeployedAt());
        }
    }

    /**
     * The bypassed deployments whose next passing deployment may have changed because a passing deployment
     * at {@code t} came or went: those after the previous passing deployment before {@code t}, up to {@code t}.
     */
    private Set<String> bypassesResolvedAround(String service, Instant t) {
        String upper = LedgerKeys.of(service, LedgerKeys.time(t)) + LedgerKeys.SEP + '\uffff';
        String lower = LedgerKeys.prefix(service);
        Set<String> bypassed = new LinkedHashSet<>();
        try (KeyValueIterator<String, String> it = gates.reverseRange(lower, upper)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                String[] parts = LedgerKeys.split(kv.key);
                boolean atT = LedgerKeys.parseTime(parts[1]).equals(t);
                if (SecurityGate.PASSED.name().equals(kv.value) && !atT) {
                    break;
                }
                if (SecurityGate.BYPASSED.name().equals(kv.value)) {
                    bypassed.add(parts[2]);
                }
            }
        }
        return bypassed;
    }

    private void recomputeDeployment(String service, String deploymentId) {
        Deployment d = deployments.get(LedgerKeys.of(service, deploymentId));
        List<FailureLink> links = new ArrayList<>();
        for (String entry : SortedEntries.decode(failureLinks.get(LedgerKeys.of(service, deploymentId)))) {
            String[] parts = LedgerKeys.split(entry);
            links.add(new FailureLink(FailureLink.Kind.valueOf(parts[0]), parts[1], "1".equals(parts[2])));
        }
        Instant nextPassed = d != null && DeliveryContributions.isDeployment(d) && d.getSecurityGate() == SecurityGate.BYPASSED
                ? nextPassedAfter(service, d.getDeployedAt()) : null;
        apply(service, LedgerKeys.of(service, "D", deploymentId),
                DeliveryContributions.deployment(d, links, nextPassed, requiredEvidence));
    }

    private Instant nextPassedAfter(String service, Instant after) {
        String from = LedgerKeys.of(service, LedgerKeys.time(after.plusMillis(1)));
        String to = LedgerKeys.prefix(service) + '\uffff';
        try (KeyValueIterator<String, String> it = gates.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                if (SecurityGate.PASSED.name().equals(kv.value)) {
                    return LedgerKeys.parseTime(LedgerKeys.split(kv.key)[1]);
                }
            }
        }
        return null;
    }

    // ---- incidents -----------------------------------------------------------------------------------------

    private void onIncident(String service, Incident i) {
        String key = LedgerKeys.of(service, i.getIncidentId());
        List<Incident> before = incidents.get(key);
        List<Incident> after = IncidentHistory.with(before, i);
        if (after == null) {
            return;
        }
        incidents.put(key, after);
        Incident oldNewest = IncidentHistory.newest(before).orElse(null);
        Incident newNewest = IncidentHistory.newest(after).orElseThrow();
        Set<String> touched = new LinkedHashSet<>();
        if (oldNewest != null && oldNewest.getCausedByDeploymentId() != null) {
            link(service, oldNewest.getCausedByDeploymentId(), new FailureLink(FailureLink.Kind.INCIDENT, i.getIncidentId(),
                    oldNewest.getSecurityRelated()), false);
            touched.add(oldNewest.getCausedByDeploymentId());
        }
        if (newNewest.getCausedByDeploymentId() != null) {
            link(service, newNewest.getCausedByDeploymentId(), new FailureLink(FailureLink.Kind.INCIDENT, i.getIncidentId(),
                    newNewest.getSecurityRelated()), true);
            touched.add(newNewest.getCausedByDeploymentId());
        }
        touched.forEach(id -> recomputeDeployment(service, id));
        apply(service, LedgerKeys.of(service, "I", i.getIncidentId()), IncidentHistory.contribution(after));
    }

    // ---- findings and scans --------------------------------------------------------------------------------

    private void onFinding(String service, Finding f) {
        String key = LedgerKeys.of(service, f.getFindingId());
        List<Finding> before = findings.get(key);
        List<Finding> after = FindingHistory.with(before, f);
        if (after == null) {
            return;
        }
        findings.put(key, after);
        String oldScanner = before == null ? null : FindingHistory.newest(before, null).getScanner();
        String newScanner = FindingHistory.newest(after, null).getScanner();
        if (!java.util.Objects.equals(oldScanner, newScanner)) {
            if (oldScanner != null) {
                updateSet(findingsByScanner, LedgerKeys.of(service, oldScanner), f.getFindingId(), false);
            }
            if (newScanner != null) {
                updateSet(findingsByScanner, LedgerKeys.of(service, newScanner), f.getFindingId(), true);
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
        apply(service, LedgerKeys.of(service, "F", findingId), FindingContributions.of(history, observations, riskWeights));
        String timelineKey = LedgerKeys.of(service, findingId);
        String timeline = history == null ? null : com.devsecopsmetrics.debt.TimelineCodec.encode(FindingHistory.timeline(history, observations));
        if (!java.util.Objects.equals(timeline, findingTimelines.get(timelineKey))) {
            findingTimelines.put(timelineKey, timeline); // null deletes
            Long version = timelineVersions.get(service);
            timelineVersions.put(service, version == null ? 1L : version + 1);
            timelineChanges.changed(context.taskId(), service, findingId);
        }
    }

    /**
     * Stores a scan. A complete one (with finding_ids) closes the unobserved open findings of its scanner and
     * reopens the fixed ones it observed again, so every finding of that scanner is re-read with it.
     */
    private void onScan(String service, ScanResult s) {
        String key = LedgerKeys.of(service, s.getScanId());
        ScanResult old = scans.get(key);
        if (old != null && !replaces(s, old, s.getCompletedAt(), old.getCompletedAt())) {
            return;
        }
        scans.put(key, s);
        // A scan's contribution depends on the scan alone, so the old one is derived rather than stored.
        applyDifference(service, com.devsecopsmetrics.coverage.ScanContributions.of(old), com.devsecopsmetrics.coverage.ScanContributions.of(s));
        Set<String> touchedScanners = new TreeSet<>();
        if (old != null && old.getFindingIds() != null) {
            updateSet(completeScans, LedgerKeys.of(service, old.getScanner()),
                    LedgerKeys.of(LedgerKeys.time(old.getCompletedAt()), old.getScanId()), false);
            touchedScanners.add(old.getScanner());
        }
        if (s.getFindingIds() != null) {
            updateSet(completeScans, LedgerKeys.of(service, s.getScanner()),
                    LedgerKeys.of(LedgerKeys.time(s.getCompletedAt()), s.getScanId()), true);
            touchedScanners.add(s.getScanner());
        }
        for (String scanner : touchedScanners) {
            for (String findingId : SortedEntries.decode(findingsByScanner.get(LedgerKeys.of(service, scanner)))) {
                recomputeFinding(service, findingId);
            }
        }
    }

    // ---- figures -------------------------------------------------------------------------------------------

    /** Replaces a fact's stored contribution, applying only the difference to its service's days. */
    private void apply(String service, String factKey, Contribution updated) {
        Contribution previous = contributions.get(factKey);
        if (applyDifference(service, previous == null ? Contribution.none() : previous, updated)) {
            if (updated.isEmpty()) {
                contributions.delete(factKey);
            } else {
                contributions.put(factKey, updated);
            }
        }
    }

    /** Applies {@code updated - previous} to the service's days; false when they are equal. */
    private boolean applyDifference(String service, Contribution previous, Contribution updated) {
        ensureAssigned(service);
        if (previous.equals(updated)) {
            return false;
        }
        Set<Long> days = new TreeSet<>(previous.days().keySet());
        days.addAll(updated.days().keySet());
        for (long day : days) {
            DayFigures delta = new DayFigures();
            DayFigures now = updated.days().get(day);
            DayFigures before = previous.days().get(day);
            if (now != null) {
                delta.merge(now, 1);
            }
            if (before != null) {
                delta.merge(before, -1);
            }
            if (!delta.isEmpty()) {
                addToDay(service, day, delta);
            }
        }
        return true;
    }

    /** Collects a change of a service-day; the changes of one event reach the store together, see {@link #applyDayChanges}. */
    private void addToDay(String service, long day, DayFigures delta) {
        if (day < horizonDay()) {
            return; // a day beyond the retention horizon is no longer kept (a link can reach that far back)
        }
        oldestDay = Math.min(oldestDay, day);
        dayChanges.computeIfAbsent(LedgerKeys.of(service, LedgerKeys.day(day)), k -> new DayFigures()).merge(delta, 1);
    }

    /**
     * Applies the service-day changes of one event: an event that touches a day many times (a deployment and
     * the lead times of its commits) reads and writes the row once.
     */
    private void applyDayChanges() {
        dayChanges.forEach((rowKey, delta) -> {
            if (!delta.isEmpty()) {
                applyToDay(rowKey, delta);
            }
        });
        dayChanges.clear();
    }

    private void applyToDay(String rowKey, DayFigures delta) {
        DayFigures row = serviceDays.get(rowKey);
        row = row == null ? delta.copy() : row.merge(delta, 1);
        if (row.isEmpty()) {
            serviceDays.delete(rowKey);
        } else {
            serviceDays.put(rowKey, row);
        }
        DayFigures pending = pendingDays.get(rowKey);
        pendingDays.put(rowKey, pending == null ? delta : pending.merge(delta, 1));
        pendingKeys.add(rowKey);
    }

    /** Owes a service-day to the next roll-up run even without a change of its figures (its evidence changed). */
    private void markDirty(String rowKey) {
        if (pendingKeys.add(rowKey)) {
            pendingDays.put(rowKey, new DayFigures());
        }
    }

    private long horizonDay() {
        long streamTime = context.currentStreamTimeMs();
        return streamTime <= 0 ? Long.MIN_VALUE : Contribution.dayOf(Instant.ofEpochMilli(streamTime).minus(retention));
    }

    /**
     * Drops service and scope days older than the retention horizon, as stream time passes them. Every service
     * with figures has an assignment, so its rows are found by a range over its own keys. A pass is skipped
     * while the horizon has not reached the oldest day kept, as in a backfill shorter than the retention.
     */
    private void forgetDaysBeyondRetention(long streamTime) {
        long horizonDay = horizonDay();
        if (horizonDay <= oldestDay) {
            return;
        }
        long firstKept = snapshots.forgetBefore(horizonDay);
        String horizon = LedgerKeys.day(horizonDay);
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> services = assignments.all()) {
            while (services.hasNext()) {
                String service = services.next().key;
                try (KeyValueIterator<String, DayFigures> it = serviceDays.range(LedgerKeys.prefix(service), LedgerKeys.prefix(service) + '\uffff')) {
                    while (it.hasNext()) {
                        String key = it.next().key;
                        String day = LedgerKeys.split(key)[1];
                        if (day.compareTo(horizon) >= 0) {
                            firstKept = Math.min(firstKept, LedgerKeys.epochDay(day));
                            break;
                        }
                        expired.add(key);
                    }
                }
            }
        }
        oldestDay = firstKept;
        // A row emptied before the roll-up ran has no service-day row left, only its pending change.
        for (java.util.Iterator<String> keys = pendingKeys.iterator(); keys.hasNext(); ) {
            String key = keys.next();
            if (LedgerKeys.split(key)[1].compareTo(horizon) < 0) {
                pendingDays.delete(key);
                keys.remove();
            }
        }
        Set<String> expiredDays = new TreeSet<>();
        for (String key : expired) {
            serviceDays.delete(key);
            expiredDays.add(LedgerKeys.split(key)[1]);
        }
        if (expiredDays.isEmpty()) {
            return;
        }
        List<String> expiredRollups = new ArrayList<>();
        try (KeyValueIterator<String, DayFigures> it = scopeDays.all()) {
            it.forEachRemaining(kv -> {
                if (expiredDays.contains(LedgerKeys.split(kv.key)[1])) {
                    expiredRollups.add(kv.key);
                }
            });
        }
        expiredRollups.forEach(scopeDays::delete);
    }

    private ScopeAssignment ensureAssigned(String service) {
        ScopeAssignment known = assignmentCache.get(service);
        if (known != null) {
            return known;
        }
        String current = assignments.get(service);
        ScopeAssignment assignment = current != null ? ScopeAssignment.parse(current) : ScopeAssignment.of(catalogue.get(service));
        if (current == null) {
            assignments.put(service, assignment.encode());
        }
        assignmentCache.put(service, assignment);
        return assignment;
    }

    /** Moves a service's whole history to the scopes of its new catalogue entry (DESIGN §3: current tier and team). */
    private void reassign(String service, ScopeAssignment updated) {
        String current = assignments.get(service);
        if (current == null) {
            return; // no figures yet; the first fact picks the assignment up from the catalogue
        }
        ScopeAssignment previous = ScopeAssignment.parse(current);
        if (previous.equals(updated)) {
            return;
        }
        // What the roll-ups hold of this service is each row less its pending change (which follows at the next
        // settle, to the new scopes); a row emptied since the last settle is still held there.
        Map<String, DayFigures> rolledUp = new java.util.TreeMap<>();
        try (KeyValueIterator<String, DayFigures> it = serviceDays.prefixScan(LedgerKeys.prefix(service), LedgerStores.KEYS)) {
            it.forEachRemaining(kv -> rolledUp.put(kv.key, kv.value.copy()));
        }
        // The pending keys rather than a range: a range would write every pending row of the task to the changelog.
        String prefix = LedgerKeys.prefix(service);
        for (String rowKey : pendingKeys) {
            DayFigures pending = rowKey.startsWith(prefix) ? pendingDays.get(rowKey) : null;
            if (pending != null) {
                rolledUp.computeIfAbsent(rowKey, k -> new DayFigures()).merge(pending, -1);
            }
        }
        Map<String, DayFigures> deltas = new HashMap<>();
        Map<String, DebtState> debtDeltas = new HashMap<>();
        rolledUp.forEach((rowKey, rolled) -> {
            String dayKey = LedgerKeys.split(rowKey)[1];
            collect(deltas, debtDeltas, previous, dayKey, rolled, -1);
            collect(deltas, debtDeltas, updated, dayKey, rolled, 1);
            markDirty(rowKey); // republish the day with its new team and tier
        });
        applyToRollups(deltas, debtDeltas);
        assignments.put(service, updated.encode());
        assignmentCache.put(service, updated);
    }

    /** Whether {@code candidate} replaces {@code current} (same id): the newer event time wins, ties by content. */
    private static boolean replaces(SpecificRecord candidate, SpecificRecord current, Instant candidateTime, Instant currentTime) {
        int byTime = candidateTime.compareTo(currentTime);
        return byTime != 0 ? byTime > 0 : candidate.toString().compareTo(current.toString()) > 0;
    }

    /** deployed_at|id|gate passed or bypassed|required evidence attached: what the CI_GATE and RELEASE_EVIDENCE practices read. */
    private String dayDeploymentEntry(Deployment d) {
        boolean gated = d.getSecurityGate() == SecurityGate.PASSED || d.getSecurityGate() == SecurityGate.BYPASSED;
        boolean evidenced = d.getEvidence().containsAll(requiredEvidence);
        return LedgerKeys.of(LedgerKeys.time(d.getDeployedAt()), d.getDeploymentId(), gated ? "1" : "0", evidenced ? "1" : "0");
    }

    private void link(String service, String target, FailureLink link, boolean present) {
        updateSet(failureLinks, LedgerKeys.of(service, target),
                LedgerKeys.of(link.kind().name(), link.linkId(), link.security() ? "1" : "0"), present);
    }

    private static void updateSet(KeyValueStore<String, String> store, String key, String entry, boolean present) {
        TreeSet<String> entries = SortedEntries.decode(store.get(key));
        boolean changed = present ? entries.add(entry) : entries.remove(entry);
        if (changed) {
            String encoded = SortedEntries.encode(entries);
            if (encoded == null) {
                store.delete(key);
            } else {
                store.put(key, encoded);
            }
        }
    }

}
