package com.devsecopsmetrics.connectors.alerts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-09T10:00:00Z");

    @Test
    void backoffDoublesWithJitterBetweenHalfAndAllAndStopsAtTheMaximum() {
        RetryPolicy low = new RetryPolicy(500, 30_000, () -> 0.0);
        RetryPolicy high = new RetryPolicy(500, 30_000, () -> 0.999_999);
        assertThat(low.delayMs(1, Optional.empty(), NOW)).isEqualTo(250);
        assertThat(high.delayMs(1, Optional.empty(), NOW)).isEqualTo(499);
        assertThat(low.delayMs(3, Optional.empty(), NOW)).isEqualTo(1_000);
        assertThat(high.delayMs(3, Optional.empty(), NOW)).isEqualTo(1_999);
        assertThat(low.delayMs(40, Optional.empty(), NOW)).isEqualTo(15_000);
        assertThat(high.delayMs(Integer.MAX_VALUE, Optional.empty(), NOW)).isEqualTo(29_999);
    }

    @Test
    void retryAfterIsAFloorInSecondsOrAnHttpDateAndBounded() {
        RetryPolicy p = new RetryPolicy(500, 30_000, () -> 0.0);
        assertThat(p.delayMs(1, Optional.of("7"), NOW)).isEqualTo(7_000);
        assertThat(p.delayMs(1, Optional.of("Mon, 09 Mar 2026 10:00:42 GMT"), NOW)).isEqualTo(42_000);
        assertThat(p.delayMs(1, Optional.of("Mon, 09 Mar 2026 09:00:00 GMT"), NOW)).isEqualTo(250); // in the past: backoff
        assertThat(p.delayMs(1, Optional.of("0"), NOW)).isEqualTo(250);
        assertThat(p.delayMs(1, Optional.of("99999999999999999999"), NOW)).isEqualTo(RetryPolicy.MAX_RETRY_AFTER_MS);
        assertThat(p.delayMs(1, Optional.of("86400"), NOW)).isEqualTo(RetryPolicy.MAX_RETRY_AFTER_MS);
        assertThat(p.delayMs(1, Optional.of("soon"), NOW)).isEqualTo(250);
        assertThat(p.delayMs(1, Optional.of("-5"), NOW)).isEqualTo(250);
    }
}
