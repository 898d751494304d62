package com.devsecopsmetrics.query;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** A period {@code [from, to)} in whole UTC days. */
public record Period(LocalDate from, LocalDate to) {
    public static Period parse(String from, String to) {
        LocalDate f = date("from", from);
        LocalDate t = date("to", to);
        if (!t.isAfter(f)) {
            throw ApiError.badRequest("'to' (" + t + ") must be after 'from' (" + f + "); the period is [from, to)");
        }
        return new Period(f, t);
    }

    public static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("missing '" + name + "' (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("malformed '" + name + "': '" + text + "' is not a date YYYY-MM-DD");
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to);
    }

    /** The last day inside the period, for inclusive range queries. */
    public LocalDate lastDay() {
        return to.minusDays(1);
    }
}
