package com.devsecopsmetrics.connectors.history;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long an answer asks the client to wait: {@code Retry-After} (seconds), or, when the remaining budget is spent,
 * until the reset of GitHub's {@code X-RateLimit-*} or GitLab's {@code RateLimit-*} headers (epoch seconds).
 * PagerDuty answers 429 without headers; {@link #fallback} covers it.
 */
final class RateLimits {
    /** A wait longer than this is not waited out: the run stops and a re-run resumes (GitHub's hourly reset fits). */
    static final Duration MAX_WAIT = Duration.ofMinutes(65);

    private RateLimits() {
    }

    /** The wait a 429 (or a 403 with an exhausted budget) asks for; {@code fallback} when the headers name none. */
    static Duration onRefusal(HttpHeaders headers, Instant now, Duration fallback) {
        return retryAfter(headers).or(() -> untilReset(headers, now)).orElse(fallback);
    }

    /** After a successful answer: the wait before the next request when the budget is spent, else zero. */
    static Duration beforeNext(HttpHeaders headers, Instant now) {
        OptionalLong remaining = number(headers, "x-ratelimit-remaining", "ratelimit-remaining");
        if (remaining.isPresent() && remaining.getAsLong() <= 0) {
            return untilReset(headers, now).orElse(Duration.ZERO);
        }
        return Duration.ZERO;
    }

    /** A 403 that is GitHub's rate limit (primary: budget spent; secondary: Retry-After), not a permission refusal. */
    static boolean isRateLimited(int status, HttpHeaders headers) {
        if (status == 429) {
            return true;
        }
        return status == 403 && (retryAfter(headers).isPresent()
                || number(headers, "x-ratelimit-remaining", "ratelimit-remaining").orElse(1) <= 0);
    }

    private static Optional<Duration> retryAfter(HttpHeaders headers) {
        OptionalLong seconds = number(headers, "retry-after");
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(Math.max(0, seconds.getAsLong()))) : Optional.empty();
    }

    private static Optional<Duration> untilReset(HttpHeaders headers, Instant now) {
        OptionalLong reset = number(headers, "x-ratelimit-reset", "ratelimit-reset");
        if (reset.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, Instant.ofEpochSecond(reset.getAsLong()));
        // one second more: the reset is rounded down to the second, and a clock a little behind the server's asks too early
        return Optional.of(wait.isNegative() ? Duration.ofSeconds(1) : wait.plusSeconds(1));
    }

    private static OptionalLong number(HttpHeaders headers, String... names) {
        for (String name : names) {
            Optional<String> v = headers.firstValue(name);
            if (v.isPresent() && v.get().trim().matches("-?\\d{1,12}")) {
                return OptionalLong.of(Long.parseLong(v.get().trim()));
            }
        }
        return OptionalLong.empty();
    }
}
