package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.debt.DebtState;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Moves a service's whole history to the scopes of its new catalogue entry (DESIGN §3: current tier and team). */
final class ScopeReassignment {
    private final ScopeAssignments assignments;
    private final DayBook dayBook;
    private final ScopeRollups rollups;
    private final KeyValueStore<String, DayFigures> serviceDays;

    ScopeReassignment(ProcessorContext<?, ?> context, ScopeAssignments assignments, DayBook dayBook, ScopeRollups rollups) {
        this.assignments = assignments;
        this.dayBook = dayBook;
        this.rollups = rollups;
        serviceDays = context.getStateStore(LedgerStores.SERVICE_DAYS);
    }

    void reassign(String service, ScopeAssignment updated) {
        ScopeAssignment previous = assignments.stored(service);
        if (previous == null) {
            return; // no figures yet; the first fact picks the assignment up from the catalogue
        }
        if (previous.equals(updated)) {
            return;
        }
        // What the roll-ups hold of this service is each row less its pending change (which follows at the next
        // settle, to the new scopes); a row emptied since the last settle is still held there.
        Map<String, DayFigures> rolledUp = new TreeMap<>();
        try (KeyValueIterator<String, DayFigures> it = serviceDays.prefixScan(LedgerKeys.prefix(service), LedgerStores.KEYS)) {
            it.forEachRemaining(kv -> rolledUp.put(kv.key, kv.value.copy()));
        }
        // The pending keys rather than a range: a range would write every pending row of the task to the changelog.
        String prefix = LedgerKeys.prefix(service);
        for (String rowKey : dayBook.pendingKeys()) {
            DayFigures pending = rowKey.startsWith(prefix) ? dayBook.pendingChange(rowKey) : null;
            if (pending != null) {
                rolledUp.computeIfAbsent(rowKey, k -> new DayFigures()).merge(pending, -1);
            }
        }
        Map<String, DayFigures> deltas = new HashMap<>();
        Map<String, DebtState> debtDeltas = new HashMap<>();
        rolledUp.forEach((rowKey, rolled) -> {
            String dayKey = LedgerKeys.split(rowKey)[1];
            rollups.collect(deltas, debtDeltas, previous, dayKey, rolled, -1);
            rollups.collect(deltas, debtDeltas, updated, dayKey, rolled, 1);
            dayBook.markDirty(rowKey); // republish the day with its new team and tier
        });
        rollups.apply(deltas, debtDeltas);
        assignments.assign(service, updated);
    }
}
