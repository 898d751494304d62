package com.devsecopsmetrics.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Store keys. Parts are joined with the unit separator (U+001F), which ids never contain, so a prefix scan
 * on a service (or a service and a fact) never picks up a neighbour whose id merely starts the same way.
 * Times are zero-padded epoch milliseconds so keys sort in time order.
 */
public final class LedgerKeys {
    public static final char SEP = '\u001f';

    private LedgerKeys() {
    }

    public static String of(String... parts) {
        return String.join(String.valueOf(SEP), parts);
    }

    public static String prefix(String... parts) {
        return of(parts) + SEP;
    }

    public static String time(Instant t) {
        String digits = Long.toString(t.toEpochMilli());
        return "0".repeat(Math.max(0, 15 - digits.length())) + digits;
    }

    public static Instant parseTime(String padded) {
        return Instant.ofEpochMilli(Long.parseLong(padded));
    }

    public static String day(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    public static String[] split(String key) {
        return key.split(String.valueOf(SEP), -1);
    }
}
