package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.ingest.InternalAvroSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/** The ledger's state stores: facts, indexes between them, contributions, and the day figures queries read. */
public final class LedgerStores {
    /** service|commit -> the commit and the production deployments listing it (CommitFacts). */
    public static final String COMMITS = "ledger-commit-facts";
    public static final String DEPLOYMENTS = "ledger-deployments";
    /** service|deployment -> sorted "kind|link id|security" entries: what marks a deployment failed. */
    public static final String FAILURE_LINKS = "ledger-failure-links";
    /** service|deployed_at|deployment -> PASSED or BYPASSED, in time order. */
    public static final String GATES = "ledger-gates";
    public static final String INCIDENTS = "ledger-incidents";
    public static final String FINDINGS = "ledger-findings";
    public static final String SCANS = "ledger-scans";
    /** service|scanner -> sorted "completed_at|scan" entries of the scans that listed every finding they observed. */
    public static final String COMPLETE_SCANS = "ledger-complete-scans";
    /** service|scanner -> the ids of the findings whose newest event names that scanner. */
    public static final String FINDINGS_BY_SCANNER = "ledger-findings-by-scanner";
    public static final String CONTRIBUTIONS = "ledger-contributions";
    /** service|finding -> its state timeline (open, accepted, closed; attributes), for snapshots as of any date. */
    public static final String FINDING_TIMELINES = "ledger-finding-timelines";
    /** service -> how many times its finding timelines changed: a reader holding them decoded knows when to read them again. */
    public static final String TIMELINE_VERSIONS = "ledger-timeline-versions";
    /** service|YYYY-MM-DD -> sorted "deployed_at|id|gated|evidenced" entries of that day's production deployments. */
    public static final String DAY_DEPLOYMENTS = "ledger-day-deployments";
    /** service|YYYY-MM-DD -> the service's figures that day. */
    public static final String SERVICE_DAYS = "ledger-service-days";
    /** scope|YYYY-MM-DD -> this partition's share of the scope's figures that day. */
    public static final String SCOPE_DAYS = "ledger-scope-days";
    public static final String ASSIGNMENTS = "ledger-assignments";
    /** service|YYYY-MM-DD -> the change of the service-day not yet folded into the roll-ups (an empty one owes its republishing). */
    public static final String PENDING_DAYS = "ledger-pending-days";
    /** The last UTC day whose snapshots this task has published. */
    public static final String SNAPSHOT_PROGRESS = "ledger-snapshot-progress";
    /** service|YYYY-MM-DD -> the change in the service's open and accepted findings that day (see SnapshotDebt). */
    public static final String SERVICE_DEBT_DAYS = "ledger-service-debt-days";
    /** scope|YYYY-MM-DD|TIER_n -> this partition's share of the scope's change in open and accepted findings that day. */
    public static final String SCOPE_DEBT_DAYS = "ledger-scope-debt-days";
    /** service -> its scanning and release evidence per day (PracticeEvidence). */
    public static final String PRACTICE_EVIDENCE = "ledger-practice-evidence";
    /** service -> the first day whose snapshot it still has to (re)publish. */
    public static final String SNAPSHOT_PENDING = "ledger-snapshot-pending";
    /** service -> the last day whose snapshot it published and its debt as of then. */
    public static final String SNAPSHOT_CURSORS = "ledger-snapshot-cursors";

    static final StringSerializer KEYS = new StringSerializer();
    /** Decoded rows each task keeps per store after writing them: a service's active days, its recent facts. */
    private static final int DAY_ROWS = 4_096;
    private static final int FACT_ROWS = 2_048;

    public static final List<String> ALL = List.of(COMMITS, DEPLOYMENTS, FAILURE_LINKS, GATES, INCIDENTS,
            FINDINGS, SCANS, COMPLETE_SCANS, FINDINGS_BY_SCANNER, CONTRIBUTIONS, FINDING_TIMELINES, TIMELINE_VERSIONS, DAY_DEPLOYMENTS, SERVICE_DAYS, SCOPE_DAYS, ASSIGNMENTS, PENDING_DAYS, SNAPSHOT_PROGRESS,
            SERVICE_DEBT_DAYS, SCOPE_DEBT_DAYS, PRACTICE_EVIDENCE, SNAPSHOT_PENDING, SNAPSHOT_CURSORS);

    private LedgerStores() {
    }

    /** @param commits counted by the pending-days store, which every commit that follows a change of figures writes */
    static void addTo(StreamsBuilder builder, TaskCommits commits) {
        // Every value leads with its format: a version byte, or Avro's writer-schema fingerprint (InternalAvroSerde).
        // Facts, their indexes and contributions are read back soon after they are written (a deployment reads the
        // commits it lists, a scan the findings of its scanner): kept as objects until the commit writes them, they
        // are read without a store lookup or decoding, and a row changed by several events is written once.
        addWriteBack(builder, COMMITS, new CommitFactsSerde(), FACT_ROWS);
        addWriteBack(builder, DEPLOYMENTS, InternalAvroSerde.of(Deployment.class), FACT_ROWS);
        addWriteBack(builder, FAILURE_LINKS, StoredFormatSerde.strings(FAILURE_LINKS), FACT_ROWS);
        addWriteBack(builder, GATES, StoredFormatSerde.strings(GATES), FACT_ROWS);
        addWriteBack(builder, INCIDENTS, InternalAvroSerde.listOf(Incident.class), FACT_ROWS);
        addWriteBack(builder, FINDINGS, InternalAvroSerde.listOf(Finding.class), FACT_ROWS);
        addWriteBack(builder, SCANS, InternalAvroSerde.of(ScanResult.class), FACT_ROWS);
        addWriteBack(builder, COMPLETE_SCANS, StoredFormatSerde.strings(COMPLETE_SCANS), FACT_ROWS);
        addWriteBack(builder, FINDINGS_BY_SCANNER, StoredFormatSerde.strings(FINDINGS_BY_SCANNER), FACT_ROWS);
        addWriteBack(builder, CONTRIBUTIONS, new ContributionSerde(), FACT_ROWS);
        addWriteBack(builder, FINDING_TIMELINES, StoredFormatSerde.strings(FINDING_TIMELINES), FACT_ROWS);
        addWriteBack(builder, TIMELINE_VERSIONS, StoredFormatSerde.longs(TIMELINE_VERSIONS), FACT_ROWS);
        addWriteBack(builder, DAY_DEPLOYMENTS, StoredFormatSerde.strings(DAY_DEPLOYMENTS), FACT_ROWS);
        add(builder, ASSIGNMENTS, StoredFormatSerde.strings(ASSIGNMENTS));
        // A service-day changes with many events between commits, and a scope-day with every roll-up run.
        addWriteBack(builder, SERVICE_DAYS, new DayFiguresSerde(), DAY_ROWS);
        addWriteBack(builder, SCOPE_DAYS, new DayFiguresSerde(), DAY_ROWS);
        builder.addStateStore(WriteBackStore.builder(Stores.keyValueStoreBuilder(PositionOnDemandStore.persistent(PENDING_DAYS),
                Serdes.String(), new DayFiguresSerde()), DAY_ROWS, commits));
        // A service-day's debt is put here while the row keeps it: it must be encoded when put, not kept as the object.
        add(builder, SERVICE_DEBT_DAYS, new DebtStateSerde());
        add(builder, SNAPSHOT_PROGRESS, StoredFormatSerde.strings(SNAPSHOT_PROGRESS));
        add(builder, SCOPE_DEBT_DAYS, new DebtStateSerde());
        add(builder, PRACTICE_EVIDENCE, StoredFormatSerde.bytes(PRACTICE_EVIDENCE, 1));
        add(builder, SNAPSHOT_PENDING, StoredFormatSerde.longs(SNAPSHOT_PENDING));
        add(builder, SNAPSHOT_CURSORS, StoredFormatSerde.bytes(SNAPSHOT_CURSORS, 1));
    }

    private static <V> void addWriteBack(StreamsBuilder builder, String name, Serde<V> values, int cleanRows) {
        builder.addStateStore(WriteBackStore.builder(Stores.keyValueStoreBuilder(PositionOnDemandStore.persistent(name),
                Serdes.String(), values), cleanRows));
    }

    private static <V> void add(StreamsBuilder builder, String name, Serde<V> values) {
        builder.addStateStore(Stores.keyValueStoreBuilder(PositionOnDemandStore.persistent(name), Serdes.String(), values)
                .withCachingDisabled());
    }

    /**
     * Stores a row, or deletes it when it holds nothing: no ledger store keeps an empty row, so a key that is absent
     * and a key whose row sums to nothing read the same, and retention and ranges never meet rows of zeros.
     */
    static <V> void putOrDelete(KeyValueStore<String, V> store, String key, V row, Predicate<? super V> empty) {
        if (empty.test(row)) {
            store.delete(key);
        } else {
            store.put(key, row);
        }
    }

    /**
     * Adds a change to the row under {@code key}; where there is no row the change itself becomes it, so the caller
     * hands over a change it no longer uses. A row the change empties is deleted.
     */
    static <V> void addToRow(KeyValueStore<String, V> store, String key, V change, BinaryOperator<V> add,
                             Predicate<? super V> empty) {
        V row = store.get(key);
        putOrDelete(store, key, row == null ? change : add.apply(row, change), empty);
    }
}
