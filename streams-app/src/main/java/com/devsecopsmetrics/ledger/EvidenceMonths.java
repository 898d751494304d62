package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The rows of the practice-evidence store: one per calendar month and service, {@code YYYY-MM|service}, holding
 * the service's days of that month. A settle rewrites the month it changed rather than the service's whole year:
 * under exactly-once every changed row goes to the changelog at each commit, and a backfill in time order changes
 * every service in every commit, so whole-year rows made the changelog grow as services times commits times days.
 * A snapshot reads the month or two its lookback covers, for every service with one range scan per month.
 * Builds before 2026-12-07 kept one row per service, keyed by its id; {@link #splitWholeRows} splits them.
 */
final class EvidenceMonths {
    /** A key part "YYYY-MM" is this long; a month row's key has the separator right after it. */
    private static final int MONTH = 7;
    /** Marks, in the snapshot-progress store, that this task's evidence is kept by month. */
    private static final String SPLIT_MARK = "evidence-by-month";

    private EvidenceMonths() {
    }

    static String month(long epochDay) {
        return LedgerKeys.day(epochDay).substring(0, MONTH);
    }

    /** The row that holds the service's evidence of the day. */
    static String key(long epochDay, String service) {
        return LedgerKeys.of(month(epochDay), service);
    }

    /** The months from the one of {@code firstDay} to the one of {@code lastDay}, oldest first. */
    private static List<String> months(long firstDay, long lastDay) {
        List<String> months = new ArrayList<>();
        for (LocalDate m = LocalDate.ofEpochDay(firstDay).withDayOfMonth(1); m.toEpochDay() <= lastDay; m = m.plusMonths(1)) {
            months.add(month(m.toEpochDay()));
        }
        return months;
    }

    /** The service's evidence of the months that cover {@code [firstDay, lastDay]} (and so of those days). */
    static PracticeEvidence of(ReadOnlyKeyValueStore<String, byte[]> rows, String service, long firstDay, long lastDay) {
        List<byte[]> found = new ArrayList<>();
        for (String month : months(firstDay, lastDay)) {
            byte[] row = rows.get(LedgerKeys.of(month, service));
            if (row != null) {
                found.add(row);
            }
        }
        return PracticeEvidence.concat(found);
    }

    /** service -> its evidence of the months that cover {@code [firstDay, lastDay]}, for a reader of every service. */
    static Map<String, PracticeEvidence> all(ReadOnlyKeyValueStore<String, byte[]> rows, long firstDay, long lastDay) {
        Map<String, List<byte[]>> byService = new HashMap<>();
        for (String month : months(firstDay, lastDay)) {
            try (KeyValueIterator<String, byte[]> it = rows.range(LedgerKeys.prefix(month), LedgerKeys.prefix(month) + '\uffff')) {
                it.forEachRemaining(kv -> byService.computeIfAbsent(kv.key.substring(MONTH + 1), s -> new ArrayList<>(2)).add(kv.value));
            }
        }
        Map<String, PracticeEvidence> evidence = new HashMap<>(byService.size() * 4 / 3 + 1);
        byService.forEach((service, months) -> evidence.put(service, PracticeEvidence.concat(months)));
        return evidence;
    }

    /** The first day of the service's evidence up to {@code lastDay}'s month, if it has any. */
    static OptionalLong firstDay(ReadOnlyKeyValueStore<String, byte[]> rows, String service, long lastDay) {
        String oldest;
        try (KeyValueIterator<String, byte[]> it = rows.all()) {
            if (!it.hasNext()) {
                return OptionalLong.empty();
            }
            oldest = it.next().key.substring(0, MONTH); // rows sort by month first: the oldest month any service has
        }
        for (String month : months(LedgerKeys.epochDay(oldest + "-01"), lastDay)) {
            byte[] row = rows.get(LedgerKeys.of(month, service));
            if (row != null) {
                return PracticeEvidence.decode(row).firstDay();
            }
        }
        return OptionalLong.empty();
    }

    /** Stores a month's row, or deletes it when it holds no day. */
    static void put(KeyValueStore<String, byte[]> rows, String key, PracticeEvidence month) {
        LedgerStores.putOrDelete(rows, key, month.isEmpty() ? null : month.encode(), Objects::isNull);
    }

    /**
     * Forgets the days before {@code horizonDay}: deletes the months before its month and trims its month. Returns
     * the first day still kept, or Long.MAX_VALUE.
     */
    static long forgetBefore(KeyValueStore<String, byte[]> rows, long horizonDay) {
        String horizonMonth = month(horizonDay);
        List<KeyValue<String, byte[]>> older = new ArrayList<>();
        long firstKept = Long.MAX_VALUE;
        try (KeyValueIterator<String, byte[]> it = rows.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.substring(0, MONTH).compareTo(horizonMonth) <= 0) {
                    older.add(kv);
                } else {
                    firstKept = Math.min(firstKept, PracticeEvidence.decode(kv.value).firstDay().orElse(Long.MAX_VALUE));
                }
            }
        }
        for (KeyValue<String, byte[]> kv : older) {
            PracticeEvidence e = PracticeEvidence.decode(kv.value);
            if (e.forgetBefore(horizonDay)) {
                put(rows, kv.key, e);
            }
            firstKept = Math.min(firstKept, e.firstDay().orElse(Long.MAX_VALUE));
        }
        return firstKept;
    }

    /**
     * Splits the rows an earlier build kept whole, one per service, into month rows; once per task's state (the
     * mark in {@code progress} says it was done).
     */
    static void splitWholeRows(KeyValueStore<String, byte[]> rows, KeyValueStore<String, String> progress) {
        if (progress.get(SPLIT_MARK) != null) {
            return;
        }
        List<KeyValue<String, byte[]>> whole = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = rows.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.length() <= MONTH || kv.key.charAt(MONTH) != LedgerKeys.SEP) {
                    whole.add(kv);
                }
            });
        }
        for (KeyValue<String, byte[]> kv : whole) {
            PracticeEvidence.decode(kv.value).byMonth().forEach((monthStart, month) -> put(rows, key(monthStart, kv.key), month));
            rows.delete(kv.key);
        }
        progress.put(SPLIT_MARK, "1");
    }
}
