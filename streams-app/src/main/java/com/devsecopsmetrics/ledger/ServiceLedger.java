package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.catalogue.CatalogueChange;
import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps each service's facts and, from them, its figures per day and its share of the org, team and tier
 * figures of this partition. Every fact's contribution is recomputed from the facts it depends on when one of
 * them changes and only the difference is applied ({@link DayBook}), so duplicates count once and arrival order
 * does not matter. This class routes records and schedules the roll-up and retention runs; each concern is kept
 * by its own class.
 */
final class ServiceLedger extends ContextualProcessor<String, Object, String, SpecificRecord> {
    private final LedgerTopology.Settings settings;
    private final TaskCommits taskCommits;
    private final TimelineChanges timelineChanges;

    private DayBook dayBook;
    private DeliveryFacts deliveryFacts;
    private FindingFacts findingFacts;
    private SnapshotLedger snapshots;
    private ScopeRollups rollups;
    private ScopeReassignment reassignment;
    private AtomicLong commitCount;
    private RollupTiming rollupTiming;
    private long lastSnapshotRun;

    ServiceLedger(LedgerTopology.Settings settings, TaskCommits taskCommits, TimelineChanges timelineChanges) {
        this.settings = settings;
        this.taskCommits = taskCommits;
        this.timelineChanges = timelineChanges;
    }

    /** Builds every concern afresh: init runs again when a task is revived after an aborted transaction. */
    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        super.init(context);
        ScopeAssignments assignments = new ScopeAssignments(context);
        dayBook = new DayBook(context, settings.admission().retention(), assignments);
        deliveryFacts = new DeliveryFacts(context, dayBook, settings.requiredEvidence());
        findingFacts = new FindingFacts(context, dayBook, settings.riskWeights(), timelineChanges);
        timelineChanges.start(context.taskId());
        snapshots = new SnapshotLedger(context, settings.riskWeights(), settings.lookbackDays(), settings.slaDays());
        rollups = new ScopeRollups(context, settings.riskWeights(), dayBook, assignments, snapshots);
        reassignment = new ScopeReassignment(context, assignments, dayBook, rollups);
        DayRetention retention = new DayRetention(context, dayBook, snapshots);
        context.schedule(Duration.ofDays(7), PunctuationType.STREAM_TIME, retention::forgetDaysBeyondRetention);
        long commitInterval = commitIntervalMs(context.appConfigs());
        long tick = RollupTiming.tickFor(commitInterval);
        commitCount = taskCommits.of(context.taskId());
        long rollupInterval = settings.rollupInterval().toMillis();
        rollupTiming = new RollupTiming(rollupInterval, commitInterval, tick, context.currentSystemTimeMs(), commitCount.get());
        lastSnapshotRun = context.currentSystemTimeMs();
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (rollupTiming.tick(now, commitCount.get())) {
                // Runs come a commit period apart, a little more than the roll-up interval: half of it is slack.
                boolean snapshotRun = now - lastSnapshotRun >= settings.snapshotInterval().toMillis() - rollupInterval / 2;
                if (snapshotRun) {
                    lastSnapshotRun = now;
                }
                rollups.settle(snapshotRun);
            }
        });
    }

    private static long commitIntervalMs(Map<String, Object> appConfigs) {
        Object configured = appConfigs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return configured == null ? 100 : Long.parseLong(configured.toString());
    }

    @Override
    public void process(Record<String, Object> record) {
        rollupTiming.processing(context().currentSystemTimeMs(), commitCount.get());
        try {
            route(record);
        } finally {
            // The facts a record wrote and the day changes they made reach the stores together, even when it fails.
            dayBook.applyDayChanges();
        }
    }

    private void route(Record<String, Object> record) {
        if (record.value() instanceof CatalogueChange change) {
            reassignment.reassign(change.serviceId(), ScopeAssignment.of(change.entry()));
            snapshots.catalogueChanged(change.serviceId(), dayBook.horizonDay());
            return;
        }
        SpecificRecord event = (SpecificRecord) record.value(); // admitted: a contract event keyed by its service_id
        String service = record.key();
        if (event instanceof Commit c) {
            deliveryFacts.onCommit(service, c);
        } else if (event instanceof Deployment d) {
            deliveryFacts.onDeployment(service, d);
        } else if (event instanceof Incident i) {
            deliveryFacts.onIncident(service, i);
        } else if (event instanceof Finding f) {
            findingFacts.onFinding(service, f);
        } else if (event instanceof ScanResult s) {
            findingFacts.onScan(service, s);
        }
    }
}
