package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.Contribution;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LedgerKeysTest {
    @Test
    void readsEveryDayKeyAsTheDateParserDoes() {
        for (long day = LocalDate.of(1999, 12, 25).toEpochDay(); day <= LocalDate.of(2101, 3, 5).toEpochDay(); day++) {
            String key = LedgerKeys.day(day);
            assertEquals(LocalDate.parse(key).toEpochDay(), LedgerKeys.epochDay(key), key);
        }
        assertEquals(LocalDate.parse("+12345-01-02").toEpochDay(), LedgerKeys.epochDay(LedgerKeys.day(LocalDate.parse("+12345-01-02").toEpochDay())));
    }

    @Test
    void rejectsWhatIsNotADate() {
        assertThrows(DateTimeParseException.class, () -> LedgerKeys.epochDay("2026-1x-05"));
        assertThrows(java.time.DateTimeException.class, () -> LedgerKeys.epochDay("2026-02-30"));
        assertThrows(DateTimeParseException.class, () -> LedgerKeys.epochDay("base"));
    }

    @Test
    void splitsWhatItJoins() {
        String[][] cases = {{"payments", "2026-01-05"}, {"a", "", "b"}, {""}, {"", ""}, {"x", "y", "z", ""}, {"svc", "0001764547200000", "deploy-1"}};
        for (String[] parts : cases) {
            String key = LedgerKeys.of(parts);
            assertEquals(String.join(String.valueOf(LedgerKeys.SEP), parts), key);
            org.junit.jupiter.api.Assertions.assertArrayEquals(parts, LedgerKeys.split(key), key);
            org.junit.jupiter.api.Assertions.assertArrayEquals(key.split(String.valueOf(LedgerKeys.SEP), -1), LedgerKeys.split(key), key);
        }
    }

    @Test
    void dayOfIsTheUtcCalendarDay() {
        for (Instant t : new Instant[]{Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-02-28T23:59:59.999Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2024-02-29T12:00:00Z")}) {
            assertEquals(LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay(), Contribution.dayOf(t), t.toString());
        }
    }
}
