package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.DayFigures;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Drops service and scope days older than the retention horizon, as stream time passes them. Every service
 * with figures has an assignment, so its rows are found by a range over its own keys. A pass is skipped
 * while the horizon has not reached the oldest day kept, as in a backfill shorter than the retention.
 */
final class DayRetention {
    private final DayBook dayBook;
    private final SnapshotLedger snapshots;
    private final KeyValueStore<String, String> assignments;
    private final KeyValueStore<String, DayFigures> serviceDays;
    private final KeyValueStore<String, DayFigures> scopeDays;

    DayRetention(ProcessorContext<?, ?> context, DayBook dayBook, SnapshotLedger snapshots) {
        this.dayBook = dayBook;
        this.snapshots = snapshots;
        assignments = context.getStateStore(LedgerStores.ASSIGNMENTS);
        serviceDays = context.getStateStore(LedgerStores.SERVICE_DAYS);
        scopeDays = context.getStateStore(LedgerStores.SCOPE_DAYS);
    }

    void forgetDaysBeyondRetention(long streamTime) {
        long horizonDay = dayBook.horizonDay();
        if (horizonDay <= dayBook.oldestDay()) {
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
        dayBook.oldestDayIs(firstKept);
        dayBook.forgetPendingBefore(horizon);
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
}
