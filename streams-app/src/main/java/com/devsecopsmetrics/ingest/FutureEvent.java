package com.devsecopsmetrics.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * An event dated in the future: a clock or mapping error at the source. Kafka brokers refuse records stamped
 * more than an hour ahead ({@code message.timestamp.after.max.ms}), and the stores' changelogs carry the event
 * time, so such an event goes to the dead-letter topic instead of stopping the application.
 */
public class FutureEvent extends ContractViolation {
    public static final Duration TOLERANCE = Duration.ofHours(1);

    public FutureEvent(String message) {
        super(message);
    }

    /** Rejects an event whose time is more than {@link #TOLERANCE} after the wall-clock time {@code now}. */
    public static void check(long eventTime, long now) {
        if (eventTime > now + TOLERANCE.toMillis()) {
            throw new FutureEvent("event time " + Instant.ofEpochMilli(eventTime) + " is more than " + TOLERANCE.toMinutes()
                    + " minutes after the current time " + Instant.ofEpochMilli(now) + "; events from the future are not accepted");
        }
    }
}
