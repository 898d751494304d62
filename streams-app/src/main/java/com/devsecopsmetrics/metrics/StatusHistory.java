package com.devsecopsmetrics.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The status events of one finding or incident, deduplicated and sorted. Two events with the same status at the
 * same time are variants of one change: the one whose text sorts first is kept, so the history never depends on
 * the order in which the variants arrived.
 */
public final class StatusHistory {
    private StatusHistory() {
    }

    /**
     * {@code history} (null for none) with {@code event} added, in {@code order}; null when the history already had
     * the event or a same-time variant that wins the tie.
     */
    public static <E> List<E> with(List<E> history, E event, Function<E, ?> status, Function<E, Instant> occurredAt,
                                   Comparator<E> order) {
        List<E> events = history == null ? new ArrayList<>() : new ArrayList<>(history);
        for (int i = 0; i < events.size(); i++) {
            E e = events.get(i);
            if (Objects.equals(status.apply(e), status.apply(event)) && occurredAt.apply(e).equals(occurredAt.apply(event))) {
                if (e.equals(event) || e.toString().compareTo(event.toString()) > 0) {
                    return null;
                }
                events.remove(i);
                break;
            }
        }
        events.add(event);
        events.sort(order);
        return events;
    }
}
