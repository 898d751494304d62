package com.devsecopsmetrics.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

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
        int length = parts.length - 1;
        for (String part : parts) {
            length += part.length();
        }
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(SEP);
            }
            key.append(parts[i]);
        }
        return key.toString();
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

    /**
     * The epoch day of a {@link #day} key part. Keys hold four-digit years, read here digit by digit: the
     * formatter {@code LocalDate.parse} uses cost a microsecond a key, and roll-ups and reports read many keys.
     */
    public static long epochDay(String day) {
        if (day.length() != 10 || day.charAt(4) != '-' || day.charAt(7) != '-') {
            return LocalDate.parse(day).toEpochDay();
        }
        return LocalDate.of(digits(day, 0, 4), digits(day, 5, 7), digits(day, 8, 10)).toEpochDay();
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new DateTimeParseException("not a date", s, i);
            }
            value = value * 10 + digit;
        }
        return value;
    }

    public static String[] split(String key) {
        int parts = 1;
        for (int i = key.indexOf(SEP); i >= 0; i = key.indexOf(SEP, i + 1)) {
            parts++;
        }
        String[] split = new String[parts];
        int start = 0;
        for (int p = 0; p < parts - 1; p++) {
            int end = key.indexOf(SEP, start);
            split[p] = key.substring(start, end);
            start = end + 1;
        }
        split[parts - 1] = key.substring(start);
        return split;
    }
}
