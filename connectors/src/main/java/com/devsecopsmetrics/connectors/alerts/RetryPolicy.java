package com.devsecopsmetrics.connectors.alerts;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt: exponential backoff with jitter (each wait a random value between half
 * and all of {@code initial × 2^(failures-1)}, capped at {@code max}), so that tasks failing together do not retry
 * in step; a target's {@code Retry-After} (seconds or an HTTP date) is a floor, honoured even above {@code max}.
 */
final class RetryPolicy {
    /** A Retry-After beyond this is taken as this: a misconfigured or hostile target cannot park the task for days. */
    static final long MAX_RETRY_AFTER_MS = 600_000;
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;

    RetryPolicy(long initialMs, long maxMs, DoubleSupplier random) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The wait after the {@code failures}-th failed attempt of one message (1 for the first). */
    long delayMs(int failures, Optional<String> retryAfter, Instant now) {
        long base = initialMs;
        for (int i = 1; i < failures && base < maxMs; i++) {
            base *= 2;
        }
        base = Math.min(base, maxMs);
        long jittered = base / 2 + (long) (random.getAsDouble() * (base - base / 2));
        OptionalLong asked = retryAfterMs(retryAfter, now);
        return asked.isPresent() ? Math.max(jittered, asked.getAsLong()) : jittered;
    }

    /** A Retry-After header as milliseconds from {@code now}, within [0, MAX_RETRY_AFTER_MS]; empty when absent or unreadable. */
    static OptionalLong retryAfterMs(Optional<String> header, Instant now) {
        if (header.isEmpty() || header.get().isBlank() || header.get().length() > 64) {
            return OptionalLong.empty();
        }
        String v = header.get().trim();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return OptionalLong.of(v.length() > 9 ? MAX_RETRY_AFTER_MS : Math.min(Long.parseLong(v) * 1000, MAX_RETRY_AFTER_MS));
            }
            long ms = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - now.toEpochMilli();
            return OptionalLong.of(Math.max(0, Math.min(ms, MAX_RETRY_AFTER_MS)));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
