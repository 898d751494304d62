package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.Converters;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Comparator;

/**
 * A webhook payload assembled from API objects, as the tool would have sent it at {@code at}. {@code key} names
 * the change ({@code deployment_status:42:7}) and orders payloads of the same instant, so every run replays them in
 * the same order and the checkpoint's (at, key) cursor means the same thing on a re-run.
 */
public record TimedPayload(Instant at, String key, Converters.Source source, String eventType, ObjectNode body) {
    public static final Comparator<TimedPayload> ORDER = Comparator.comparing(TimedPayload::at).thenComparing(TimedPayload::key);

    /** Whether this payload comes at or before the cursor (at, key): it was sent by an earlier run. */
    public boolean notAfter(Instant cursorAt, String cursorKey) {
        int byTime = at.compareTo(cursorAt);
        return byTime < 0 || (byTime == 0 && key.compareTo(cursorKey) <= 0);
    }
}
