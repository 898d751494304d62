package com.devsecopsmetrics.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API's one reading of dates and months: years 1 to 9999, and as-of dates no later than today (UTC). */
class PeriodTest {
    /** 2026-06-30 23:30 UTC: today is 2026-06-30, half an hour before tomorrow. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-30T23:30:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31", "-999999999-01-01", "-0001-01-01", "0000-12-31", "+10000-01-01"})
    void datesOutsideTheYears1To9999AreBadRequests(String text) {
        assertThatThrownBy(() -> Period.date("from", text)).isInstanceOf(ApiError.class)
                .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(400))
                .hasMessage("'from' ('" + text + "') is outside the years 1 to 9999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000-01-01", "2026-02-30", "2026-6-1", "yesterday", "2026-06-01T00:00:00Z"})
    void malformedDatesAreBadRequests(String text) {
        assertThatThrownBy(() -> Period.date("date", text)).isInstanceOf(ApiError.class)
                .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(400))
                .hasMessageContaining("malformed 'date'");
    }

    @Test
    void theFirstAndLastDaysOfTheRangeAreDates() {
        assertThat(Period.parse("0001-01-01", "9999-12-31").days()).isEqualTo(3_652_058L);
    }

    @Test
    void anAsOfDateMayBeTodayButNotLater() {
        assertThat(Period.asOf("date", "2026-06-30", CLOCK)).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(Period.asOf("date", "0001-01-01", CLOCK)).isEqualTo(LocalDate.of(1, 1, 1));
        assertThatThrownBy(() -> Period.asOf("date", "2026-07-01", CLOCK)).isInstanceOf(ApiError.class)
                .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(400))
                .hasMessage("'date' (2026-07-01) is in the future: the latest day with a state is 2026-06-30 (today, UTC)");
        assertThatThrownBy(() -> Period.asOf("date", "+999999999-12-31", CLOCK)).hasMessageContaining("outside the years 1 to 9999");
    }

    @Test
    void aMonthMustHaveBegunByTodayAndLieInTheYears1To9999() {
        assertThat(Period.month("month", "2026-06", CLOCK)).isEqualTo(YearMonth.of(2026, 6));
        assertThatThrownBy(() -> Period.month("month", "2026-07", CLOCK)).hasMessageContaining("is in the future");
        assertThat(Period.month("month", "0001-01", CLOCK)).isEqualTo(YearMonth.of(1, 1));
        assertThatThrownBy(() -> Period.month("month", "2026-08", CLOCK)).hasMessageContaining("is in the future");
        assertThatThrownBy(() -> Period.month("month", "-0001-12", CLOCK)).hasMessageContaining("outside the years 1 to 9999");
        assertThatThrownBy(() -> Period.month("month", "+999999999-12", CLOCK)).hasMessageContaining("outside the years 1 to 9999");
        assertThatThrownBy(() -> Period.month("month", "2026-13", CLOCK)).hasMessageContaining("is not a month YYYY-MM");
        assertThatThrownBy(() -> Period.month("month", null, CLOCK)).hasMessage("missing 'month' (YYYY-MM)");
    }
}
