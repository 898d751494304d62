package com.devsecopsmetrics.query;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A period {@code [from, to)} in whole UTC days, and the one place where the API reads dates and months from query
 * parameters. A date is {@code YYYY-MM-DD} in the years 1 to 9999: {@code LocalDate} also takes {@code +999999999-12-31}
 * or {@code -0001-01-01}, which the stores' day keys cannot order and day arithmetic overflows on.
 */
public record Period(LocalDate from, LocalDate to) {
    static final int FIRST_YEAR = 1;
    static final int LAST_YEAR = 9999;

    public static Period parse(String from, String to) {
        LocalDate f = date("from", from);
        LocalDate t = date("to", to);
        if (!t.isAfter(f)) {
            throw ApiError.badRequest("'to' (" + t + ") must be after 'from' (" + f + "); the period is [from, to)");
        }
        return new Period(f, t);
    }

    public static LocalDate date(String name, String text) {
        return parse(name, text, "a date YYYY-MM-DD", LocalDate::parse, LocalDate::getYear);
    }

    /**
     * A date a state is asked for "as of the end of": at most today (UTC). A later day has no state yet, so it is
     * refused with the reason instead of being answered with today's state.
     */
    public static LocalDate asOf(String name, String text, Clock clock) {
        LocalDate date = date(name, text);
        requireBegunByToday(name, date, date, clock);
        return date;
    }

    /** A month {@code YYYY-MM} of the years 1 to 9999 that has begun by today (UTC): a later one has no state yet. */
    public static YearMonth month(String name, String text, Clock clock) {
        YearMonth month = parse(name, text, "a month YYYY-MM", YearMonth::parse, YearMonth::getYear);
        requireBegunByToday(name, month, month.atDay(1), clock);
        return month;
    }

    private static void requireBegunByToday(String name, Object value, LocalDate firstDay, Clock clock) {
        LocalDate today = LocalDate.now(clock);
        if (firstDay.isAfter(today)) {
            throw ApiError.badRequest("'" + name + "' (" + value + ") is in the future: the latest day with a state is "
                    + today + " (today, UTC)");
        }
    }

    /** {@code form} is what the text should be, e.g. "a date YYYY-MM-DD"; its last word is the pattern. */
    private static <T> T parse(String name, String text, String form, Function<String, T> parser, ToIntFunction<T> year) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("missing '" + name + "' (" + form.substring(form.lastIndexOf(' ') + 1) + ")");
        }
        T value;
        try {
            value = parser.apply(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("malformed '" + name + "': '" + text + "' is not " + form);
        }
        int y = year.applyAsInt(value);
        if (y < FIRST_YEAR || y > LAST_YEAR) {
            throw ApiError.badRequest("'" + name + "' ('" + text + "') is outside the years " + FIRST_YEAR + " to " + LAST_YEAR);
        }
        return value;
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to);
    }

    /** The last day inside the period, for inclusive range queries. */
    public LocalDate lastDay() {
        return to.minusDays(1);
    }
}
