package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import com.devsecopsmetrics.metrics.coverage.SnapshotRecord;
import com.devsecopsmetrics.metrics.debt.DebtState;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps what snapshots are read from: each service's evidence per day and its change in open and accepted
 * findings per day, and each scope's share of those changes by tier. Publishes each service's snapshot for
 * every completed day to devsecops.metrics.snapshot, and again for the days a late event changed.
 */
final class SnapshotLedger {
    private static final String PUBLISHED_THROUGH = "snapshots-published-through";
    /**
     * Snapshot records per settle: a late catalogue or backfill republishes in slices instead of stalling processing.
     * Held back while late history arrives, a backfill's history goes out just after it, when users start querying:
     * with 20,000 the stream threads spent most of a core on it then, and the org metrics p99 went from 23 to 68 ms.
     */
    static final int PUBLISH_BUDGET = 5_000;
    /**
     * How long publishing may be held back while late history keeps arriving. A backfill loaded kind by kind (the
     * findings of a year after everything else) changes days already published in every roll-up run; publishing each
     * time sent every service's snapshots from its earliest changed day again and again (3.3 snapshot records per
     * input event, twice all other writes together, measured at 1,000 services x 365 days). Owed ranges merge while
     * held, so each day goes out about once per hold. Live data changes today, never a published day, and is not held.
     * With 30 s, a 1,000 x 365 backfill loaded by one dsm load still sent 1.38 million snapshot records for its 365,000
     * service-days (0.85 per input event, the largest writer of all); the topic is for BI tools, which a backfill's
     * history reaching them minutes later does not hurt, and the REST answers read the stores, not the topic.
     */
    static final long LATE_HISTORY_HOLD_MS = 300_000;

    private final ProcessorContext<String, SpecificRecord> context;
    private final RiskWeights weights;
    private final int lookbackDays;
    private final Map<Severity, Integer> slaDays;
    private final KeyValueStore<String, Service> catalogue;
    private final KeyValueStore<String, String> dayDeployments;
    private final KeyValueStore<String, DebtState> serviceDebtDays;
    private final KeyValueStore<String, DebtState> scopeDebtDays;
    private final KeyValueStore<String, byte[]> evidence;
    private final KeyValueStore<String, Long> pending;
    private final KeyValueStore<String, byte[]> cursors;
    private final KeyValueStore<String, String> progress;
    /** The last published day, as read at the start of the current roll-up run. */
    private long publishedThrough = Long.MIN_VALUE;
    /** The published horizon before the current run moved it: a change up to it is to a day already out. */
    private long publishedBeforeRun = Long.MIN_VALUE;
    /** Whether the current roll-up run owes again a day published before it: late history is arriving. */
    private boolean lateHistory;
    /** When owed snapshots were last published (wall clock), or this instance started. */
    private long lastPublished;
    /** The evidence rows (month and service) one settle read, written once at its end if it changed them. */
    private final Map<String, PracticeEvidence> settledEvidence = new HashMap<>();
    /** The month rows of {@link #settledEvidence} a settle changed: only these are written, not every row it read. */
    private final Set<String> changedEvidence = new HashSet<>();

    SnapshotLedger(ProcessorContext<String, SpecificRecord> context, RiskWeights weights, int lookbackDays,
                   Map<Severity, Integer> slaDays) {
        this.context = context;
        this.slaDays = slaDays;
        this.weights = weights;
        this.lookbackDays = lookbackDays;
        catalogue = context.getStateStore(CatalogueTopology.STORE);
        dayDeployments = context.getStateStore(LedgerStores.DAY_DEPLOYMENTS);
        serviceDebtDays = context.getStateStore(LedgerStores.SERVICE_DEBT_DAYS);
        scopeDebtDays = context.getStateStore(LedgerStores.SCOPE_DEBT_DAYS);
        evidence = context.getStateStore(LedgerStores.PRACTICE_EVIDENCE);
        pending = context.getStateStore(LedgerStores.SNAPSHOT_PENDING);
        cursors = context.getStateStore(LedgerStores.SNAPSHOT_CURSORS);
        progress = context.getStateStore(LedgerStores.SNAPSHOT_PROGRESS);
        lastPublished = context.currentSystemTimeMs();
        EvidenceMonths.splitWholeRows(evidence, progress);
    }

    /** Starts a roll-up run: reads the published horizon once for the run's settled rows and publishing. */
    void begin() {
        publishedThrough = readPublishedThrough();
        publishedBeforeRun = publishedThrough;
        lateHistory = false;
    }

    /** Whether a horizon was ever published: until then every run must advance, or rows settled before are never owed. */
    boolean started() {
        return publishedThrough != Long.MIN_VALUE;
    }

    /**
     * Moves the published horizon to the last completed day, and every known service owes the new days. Done less
     * often than roll-up runs: a day published early is published again for each late change, with the days after it.
     */
    void advance(Supplier<Set<String>> services) {
        long streamTime = context.currentStreamTimeMs();
        if (streamTime <= 0) {
            return;
        }
        long completed = Contribution.dayOf(Instant.ofEpochMilli(streamTime)) - 1;
        if (publishedThrough != Long.MIN_VALUE && publishedThrough >= completed) {
            return;
        }
        if (publishedThrough != Long.MIN_VALUE) {
            long firstNewDay = publishedThrough + 1;
            services.get().forEach(service -> owe(service, firstNewDay));
        }
        // A fresh start owes nothing yet: the days already settled are owed as their rows settle.
        progress.put(PUBLISHED_THROUGH, String.valueOf(completed));
        publishedThrough = completed;
    }

    private long readPublishedThrough() {
        String last = progress.get(PUBLISHED_THROUGH);
        return last == null ? Long.MIN_VALUE : Long.parseLong(last);
    }

    /** A service-day (its row key and epoch day) settled: keeps its debt change and evidence, and owes its snapshot again if it went out. */
    void settled(String service, String key, long day, DayFigures row) {
        DebtState debt = row == null ? new DebtState() : row.debt();
        DebtState old = serviceDebtDays.get(key);
        boolean changed = !debt.equals(old == null ? new DebtState() : old);
        if (changed) {
            LedgerStores.putOrDelete(serviceDebtDays, key, debt, DebtState::isEmpty);
        }
        String monthKey = EvidenceMonths.key(day, service);
        PracticeEvidence e = settledEvidence.computeIfAbsent(monthKey, k -> PracticeEvidence.decode(evidence.get(k)));
        if (e.set(day, PracticeEvidence.flags(row, DayDeployments.newestDeployment(dayDeployments.get(key))))) {
            changedEvidence.add(monthKey);
            changed = true;
        }
        if (changed && day <= publishedThrough) {
            owe(service, day);
            lateHistory |= day <= publishedBeforeRun;
        }
    }

    /** Writes the evidence the settle changed. */
    void flushEvidence() {
        changedEvidence.forEach(key -> EvidenceMonths.put(evidence, key, settledEvidence.get(key)));
        changedEvidence.clear();
        settledEvidence.clear();
    }

    /** A catalogue change alters every day of the service's practices: owes them all again. */
    void catalogueChanged(String service, long horizonDay) {
        long through = readPublishedThrough();
        if (through == Long.MIN_VALUE) {
            return;
        }
        long first = through;
        try (KeyValueIterator<String, DebtState> it = serviceDebtDays.range(LedgerKeys.of(service, SnapshotDebt.BASE_DAY),
                LedgerKeys.prefix(service) + '\uffff')) {
            if (it.hasNext()) {
                String dayKey = LedgerKeys.split(it.next().key)[1];
                first = dayKey.equals(SnapshotDebt.BASE_DAY) ? horizonDay : LedgerKeys.epochDay(dayKey);
            }
        }
        first = Math.min(first, EvidenceMonths.firstDay(evidence, service, through).orElse(first));
        owe(service, Math.max(first, horizonDay));
    }

    private void owe(String service, long day) {
        Long owed = pending.get(service);
        if (owed == null || day < owed) {
            pending.put(service, day);
        }
    }

    /**
     * A scope's share of debt changes, keyed scope|day|tier; each scope's running total follows them, kept in parts
     * by start month (scope|TOTAL_DAY|tier|part) so that a change rewrites the months it touches, not the whole total.
     */
    void addToScopes(Map<String, DebtState> changes) {
        Map<String, DebtState> totals = new HashMap<>();
        changes.forEach((key, change) -> {
            String[] parts = LedgerKeys.split(key);
            totals.computeIfAbsent(LedgerKeys.of(parts[0], SnapshotDebt.TOTAL_DAY, parts[2]), k -> new DebtState()).merge(change, 1);
        });
        totals.forEach((key, total) -> total.byStartMonth().forEach((part, change) -> changes.put(key + LedgerKeys.SEP + part, change)));
        changes.forEach((key, change) -> {
            if (change.isEmpty()) {
                return;
            }
            LedgerStores.addToRow(scopeDebtDays, key, change, (row, c) -> row.merge(c, 1), DebtState::isEmpty);
        });
    }

    /**
     * Publishes owed snapshots, up to {@link #PUBLISH_BUDGET} records; the rest follow at the next settle. Held back
     * (up to {@link #LATE_HISTORY_HOLD_MS}) while this run's rows changed days already published.
     */
    void publishOwed() {
        long through = publishedThrough;
        long now = context.currentSystemTimeMs();
        if (through == Long.MIN_VALUE || lateHistory && now - lastPublished < LATE_HISTORY_HOLD_MS) {
            return;
        }
        lastPublished = now;
        List<KeyValue<String, Long>> owed = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = pending.all()) {
            it.forEachRemaining(owed::add);
        }
        int budget = PUBLISH_BUDGET;
        for (KeyValue<String, Long> o : owed) {
            if (budget <= 0) {
                return;
            }
            budget -= publish(o.key, o.value, through, budget);
        }
    }

    /** Publishes one service's snapshots of {@code [from, through]}; returns how many. */
    private int publish(String service, long from, long through, int budget) {
        Service entry = catalogue.get(service);
        PracticeEvidence serviceEvidence = EvidenceMonths.of(evidence, service, from - lookbackDays + 1, through);
        Cursor cursor = Cursor.decode(cursors.get(service));
        boolean resume = cursor != null && cursor.day() == from - 1;
        DebtState state = resume ? cursor.state() : new DebtState();
        String rangeFrom = resume ? LedgerKeys.of(service, LedgerKeys.day(from)) : LedgerKeys.of(service, SnapshotDebt.BASE_DAY);
        Map<Long, DebtState> rows = new HashMap<>();
        try (KeyValueIterator<String, DebtState> it = serviceDebtDays.range(rangeFrom, LedgerKeys.of(service, LedgerKeys.day(through)))) {
            it.forEachRemaining(kv -> {
                String dayKey = LedgerKeys.split(kv.key)[1];
                long day = dayKey.equals(SnapshotDebt.BASE_DAY) ? Long.MIN_VALUE : LedgerKeys.epochDay(dayKey);
                if (day < from) {
                    state.merge(kv.value, 1);
                } else {
                    rows.put(day, kv.value);
                }
            });
        }
        int published = 0;
        long day = from;
        for (; day <= through && published < budget; day++) {
            DebtState change = rows.get(day);
            if (change != null) {
                state.merge(change, 1);
            }
            LocalDate date = LocalDate.ofEpochDay(day);
            var snapshot = ServiceSnapshots.of(service, entry, serviceEvidence, date, lookbackDays);
            context.forward(new Record<>(service + "|" + date, SnapshotRecord.of(snapshot, state, date, weights, slaDays),
                    context.currentSystemTimeMs()));
            published++;
        }
        cursors.put(service, new Cursor(day - 1, state).encode());
        if (day > through) {
            pending.delete(service);
        } else {
            pending.put(service, day);
        }
        return published;
    }

    /**
     * Folds the debt changes of days before the horizon into the base rows, and forgets their evidence. Returns
     * the first day still kept (Long.MAX_VALUE when none), so the caller can skip passes that would find nothing.
     */
    long forgetBefore(long horizonDay) {
        String horizon = LedgerKeys.day(horizonDay);
        long firstKept = Math.min(foldIntoBase(serviceDebtDays, horizon), foldIntoBase(scopeDebtDays, horizon));
        return Math.min(firstKept, EvidenceMonths.forgetBefore(evidence, horizonDay));
    }

    /** Returns the first day of the rows kept. */
    private static long foldIntoBase(KeyValueStore<String, DebtState> rows, String horizon) {
        List<KeyValue<String, DebtState>> expired = new ArrayList<>();
        String[] firstKept = {null};
        try (KeyValueIterator<String, DebtState> it = rows.all()) {
            it.forEachRemaining(kv -> {
                String day = LedgerKeys.split(kv.key)[1];
                if (day.equals(SnapshotDebt.BASE_DAY) || day.equals(SnapshotDebt.TOTAL_DAY)) {
                    return;
                }
                if (day.compareTo(horizon) < 0) {
                    expired.add(kv);
                } else if (firstKept[0] == null || day.compareTo(firstKept[0]) < 0) {
                    firstKept[0] = day;
                }
            });
        }
        for (KeyValue<String, DebtState> kv : expired) {
            String[] parts = LedgerKeys.split(kv.key);
            parts[1] = SnapshotDebt.BASE_DAY;
            String baseKey = LedgerKeys.of(parts);
            rows.delete(kv.key);
            LedgerStores.addToRow(rows, baseKey, kv.value, (base, day) -> base.merge(day, 1), DebtState::isEmpty);
        }
        return firstKept[0] == null ? Long.MAX_VALUE : LedgerKeys.epochDay(firstKept[0]);
    }

    /** The last day a service's snapshot was published for, and its debt as of then. */
    private record Cursor(long day, DebtState state) {
        byte[] encode() {
            byte[] debt = DebtStateSerde.write(state);
            return ByteBuffer.allocate(8 + debt.length).putLong(day).put(debt).array();
        }

        static Cursor decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long day = b.getLong();
            byte[] debt = new byte[b.remaining()];
            b.get(debt);
            return new Cursor(day, DebtStateSerde.read(debt));
        }
    }
}
