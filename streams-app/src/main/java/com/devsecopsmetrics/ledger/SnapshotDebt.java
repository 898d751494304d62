package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.debt.DebtState;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads debt as of a date from rows of daily changes: {@code owner|YYYY-MM-DD} for a service, and
 * {@code scope|YYYY-MM-DD|TIER_n} for a scope's share by tier. The state at the end of a day is the sum of every
 * row up to it; days that left retention are folded into the row of {@link #BASE_DAY}, so the sum stays whole.
 */
public final class SnapshotDebt {
    /** Sorts before every date: holds the changes of days beyond retention. */
    public static final String BASE_DAY = "0000-00-00";
    /**
     * Sorts after every date: a scope's running total of every day's change, kept with the day rows, as
     * {@code scope|TOTAL_DAY|TIER_n|part}: the parts of {@link DebtState#byStartMonth()}. Builds before 2026-12-07
     * kept it whole as {@code scope|TOTAL_DAY|TIER_n}; such a row is still read, and the parts add to it.
     */
    public static final String TOTAL_DAY = "9999-12-31";
    /** The tier part of a service row, which has none. */
    public static final String NO_TIER = "";

    private SnapshotDebt() {
    }

    /** tier (or {@link #NO_TIER}) -> the owner's debt as of the end of {@code date}: the sum of its rows up to then. */
    public static Map<String, DebtState> asOf(ReadOnlyKeyValueStore<String, DebtState> rows, String owner, LocalDate date) {
        Map<String, DebtState> byTier = new TreeMap<>();
        sum(rows, LedgerKeys.of(owner, BASE_DAY), LedgerKeys.of(owner, date.toString()) + LedgerKeys.SEP + '\uffff', byTier, 1);
        return byTier;
    }

    /**
     * A scope's debt by tier as of the end of {@code date}: its running total less the days after the date, so a
     * recent date reads a few rows however long the history is.
     */
    public static Map<String, DebtState> scopeAsOf(ReadOnlyKeyValueStore<String, DebtState> rows, String scope, LocalDate date) {
        Map<String, DebtState> byTier = new TreeMap<>();
        sum(rows, LedgerKeys.of(scope, TOTAL_DAY), LedgerKeys.of(scope, TOTAL_DAY) + LedgerKeys.SEP + '\uffff', byTier, 1);
        sum(rows, LedgerKeys.of(scope, date.plusDays(1).toString()), LedgerKeys.of(scope, TOTAL_DAY), byTier, -1);
        return byTier;
    }

    private static void sum(ReadOnlyKeyValueStore<String, DebtState> rows, String from, String to, Map<String, DebtState> byTier, int sign) {
        Map<String, List<DebtState>> rowsByTier = new TreeMap<>();
        try (KeyValueIterator<String, DebtState> it = rows.range(from, to)) {
            it.forEachRemaining(kv -> {
                String[] parts = LedgerKeys.split(kv.key);
                if (sign < 0 && parts[1].equals(TOTAL_DAY)) {
                    return;
                }
                rowsByTier.computeIfAbsent(parts.length > 2 ? parts[2] : NO_TIER, k -> new ArrayList<>()).add(kv.value);
            });
        }
        // Each tier's rows are summed at once; a running total is taken as it is, and the later days are taken from it in
        // place (a negated copy only for a tier without one): values are freshly read, so changing them is safe.
        rowsByTier.forEach((tier, states) -> {
            DebtState rowsSum = DebtState.sum(states);
            DebtState total = byTier.get(tier);
            if (total != null) {
                total.merge(rowsSum, sign);
            } else {
                byTier.put(tier, sign > 0 ? rowsSum : new DebtState().merge(rowsSum, sign));
            }
        });
    }
}
