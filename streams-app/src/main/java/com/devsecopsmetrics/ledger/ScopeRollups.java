package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.debt.DebtState;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The org, team and tier roll-ups of the task's services, and the publishing of service-days and snapshots.
 * Service-day changes reach the roll-ups in runs rather than per event: one run merges many events' changes into
 * one update of each scope-day.
 */
final class ScopeRollups {
    private final ProcessorContext<String, SpecificRecord> context;
    private final RiskWeights riskWeights;
    private final DayBook dayBook;
    private final ScopeAssignments assignments;
    private final SnapshotLedger snapshots;
    private final KeyValueStore<String, DayFigures> serviceDays;
    private final KeyValueStore<String, DayFigures> scopeDays;

    ScopeRollups(ProcessorContext<String, SpecificRecord> context, RiskWeights riskWeights, DayBook dayBook,
                 ScopeAssignments assignments, SnapshotLedger snapshots) {
        this.context = context;
        this.riskWeights = riskWeights;
        this.dayBook = dayBook;
        this.assignments = assignments;
        this.snapshots = snapshots;
        serviceDays = context.getStateStore(LedgerStores.SERVICE_DAYS);
        scopeDays = context.getStateStore(LedgerStores.SCOPE_DAYS);
    }

    /**
     * Folds the service-days that changed since the last run into the org, team and tier roll-ups and publishes
     * them to devsecops.metrics.daily; on a snapshot run, also publishes the snapshots owed. The pending changes
     * are kept in a store, written in the same transaction as the rows, so a crash before this runs loses
     * nothing. It runs just before a commit ({@link RollupTiming}), so the pending rows it deletes are seldom
     * written at all.
     */
    void settle(boolean snapshotRun) {
        snapshots.begin();
        if (snapshotRun || !snapshots.started()) {
            snapshots.advance(assignments::known);
        }
        Map<String, DayFigures> rollupDeltas = new HashMap<>();
        Map<String, DebtState> debtDeltas = new HashMap<>();
        for (String rowKey : dayBook.pendingKeys()) {
            DayFigures pending = dayBook.pendingChange(rowKey);
            if (pending == null) {
                continue; // not expected: the key set follows the store; the key is dropped below
            }
            String[] parts = LedgerKeys.split(rowKey);
            DayFigures row = serviceDays.get(rowKey);
            ScopeAssignment assignment = assignments.of(parts[0]);
            if (!pending.isEmpty()) {
                collect(rollupDeltas, debtDeltas, assignment, parts[1], pending, 1);
            }
            long day = LedgerKeys.epochDay(parts[1]);
            snapshots.settled(parts[0], rowKey, day, row);
            // A day left with no figures is published with zeros rather than a tombstone: the sink is chosen by type.
            ServiceDailyMetrics value = DailyMetricsRecord.of(parts[0], assignment, LocalDate.ofEpochDay(day),
                    row == null ? new DayFigures() : row);
            context.forward(new Record<>(parts[0] + "|" + parts[1], value, context.currentSystemTimeMs()));
        }
        apply(rollupDeltas, debtDeltas);
        // Only once the roll-ups hold the changes: a run that fails before this (the processing exception handler
        // lets the task go on) leaves every change pending for the next run, instead of losing the ones it had read.
        dayBook.settledAll();
        snapshots.flushEvidence();
        if (snapshotRun) {
            snapshots.publishOwed();
        }
    }

    /** Adds a service-day's change to its scopes: the figures, and apart from them the debt change by tier. */
    void collect(Map<String, DayFigures> deltas, Map<String, DebtState> debtDeltas, ScopeAssignment assignment,
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

    /** Applies collected changes to the scope-days and, by tier, to the scopes' debt. */
    void apply(Map<String, DayFigures> deltas, Map<String, DebtState> debtDeltas) {
        snapshots.addToScopes(debtDeltas);
        deltas.forEach((key, delta) -> {
            if (delta.isEmpty()) {
                return;
            }
            LedgerStores.addToRow(scopeDays, key, delta, (row, d) -> row.merge(d, 1), DayFigures::isEmpty);
        });
    }
}
