package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The difference engine: each fact's contribution to its service's days is kept, and when a fact changes only the
 * difference between its old and new contribution is applied to the service-days. So a duplicate adds nothing and
 * arrival order does not matter. Every applied change is also owed to the roll-ups (pending) until they settle it.
 */
final class DayBook {
    private final ProcessorContext<?, ?> context;
    private final Duration retention;
    private final ScopeAssignments assignments;
    private final KeyValueStore<String, Contribution> contributions;
    private final KeyValueStore<String, DayFigures> serviceDays;
    /** service|YYYY-MM-DD -> the change of the service-day since the roll-up run last folded it in. */
    private final KeyValueStore<String, DayFigures> pendingDays;
    /**
     * The keys of pendingDays, read from it at init: a roll-up run then reads only the rows it owes, and the store
     * keeps its unwritten rows, so a pending change made and folded in within one commit is never written.
     */
    private final Set<String> pendingKeys = new LinkedHashSet<>();
    /** The service-day changes of the event being processed. */
    private final Map<String, DayFigures> dayChanges = new HashMap<>();
    /**
     * No row of any day before this one exists: the first day kept after the last retention pass, lowered by
     * every day written since. Long.MIN_VALUE until the first pass after init, which must look.
     */
    private long oldestDay = Long.MIN_VALUE;

    DayBook(ProcessorContext<?, ?> context, Duration retention, ScopeAssignments assignments) {
        this.context = context;
        this.retention = retention;
        this.assignments = assignments;
        contributions = context.getStateStore(LedgerStores.CONTRIBUTIONS);
        serviceDays = context.getStateStore(LedgerStores.SERVICE_DAYS);
        pendingDays = context.getStateStore(LedgerStores.PENDING_DAYS);
        try (KeyValueIterator<String, DayFigures> it = pendingDays.all()) {
            it.forEachRemaining(kv -> pendingKeys.add(kv.key));
        }
    }

    /** Replaces a fact's stored contribution, applying only the difference to its service's days. */
    void apply(String service, String factKey, Contribution updated) {
        Contribution previous = contributions.get(factKey);
        if (applyDifference(service, previous == null ? Contribution.none() : previous, updated)) {
            LedgerStores.putOrDelete(contributions, factKey, updated, Contribution::isEmpty);
        }
    }

    /** Applies {@code updated - previous} to the service's days; false when they are equal. */
    boolean applyDifference(String service, Contribution previous, Contribution updated) {
        assignments.of(service);
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
    void applyDayChanges() {
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
        LedgerStores.putOrDelete(serviceDays, rowKey, row, DayFigures::isEmpty);
        DayFigures pending = pendingDays.get(rowKey);
        pendingDays.put(rowKey, pending == null ? delta : pending.merge(delta, 1));
        pendingKeys.add(rowKey);
    }

    /** Owes a service-day to the next roll-up run even without a change of its figures (its evidence changed). */
    void markDirty(String rowKey) {
        if (pendingKeys.add(rowKey)) {
            pendingDays.put(rowKey, new DayFigures());
        }
    }

    /** The service-days owed to the next roll-up run, in the order they were first owed. */
    Set<String> pendingKeys() {
        return pendingKeys;
    }

    /** The change of a service-day not yet folded into the roll-ups; null when none is owed. */
    DayFigures pendingChange(String rowKey) {
        return pendingDays.get(rowKey);
    }

    /** The roll-ups hold every pending change: nothing is owed any more. */
    void settledAll() {
        pendingKeys.forEach(pendingDays::delete);
        pendingKeys.clear();
    }

    /** Drops the pending changes of days before the horizon: a row emptied before the roll-up ran has only those left. */
    void forgetPendingBefore(String horizon) {
        for (Iterator<String> keys = pendingKeys.iterator(); keys.hasNext(); ) {
            String key = keys.next();
            if (LedgerKeys.split(key)[1].compareTo(horizon) < 0) {
                pendingDays.delete(key);
                keys.remove();
            }
        }
    }

    /** The first day a row may exist for; see {@link #oldestDay}. */
    long oldestDay() {
        return oldestDay;
    }

    void oldestDayIs(long day) {
        oldestDay = day;
    }

    /** The first day still kept: days before it are beyond the retention, counted back from stream time. */
    long horizonDay() {
        long streamTime = context.currentStreamTimeMs();
        return streamTime <= 0 ? Long.MIN_VALUE : Contribution.dayOf(Instant.ofEpochMilli(streamTime).minus(retention));
    }
}
