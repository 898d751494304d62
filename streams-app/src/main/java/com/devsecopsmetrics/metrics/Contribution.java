package com.devsecopsmetrics.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one fact (a commit, a deployment, an incident, a finding) adds to its service's days. Each fact's
 * contribution is recomputed from the facts it depends on whenever one of them changes, and only the
 * difference is applied; that is what makes the day figures independent of arrival order.
 */
public final class Contribution {
    /** epoch day -> figures */
    private final TreeMap<Long, DayFigures> days = new TreeMap<>();

    public static Contribution none() {
        return new Contribution();
    }

    /** The UTC epoch day {@code t} falls on: arithmetic, as this runs for every figure of every event. */
    public static long dayOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 86_400L);
    }

    /** The figures of the day {@code t} falls on, created when first asked for. */
    public DayFigures on(Instant t) {
        return days.computeIfAbsent(dayOf(t), d -> new DayFigures());
    }

    public Map<Long, DayFigures> days() {
        return days;
    }

    public boolean isEmpty() {
        for (DayFigures day : days.values()) {
            if (!day.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contribution c && c.days.equals(days);
    }

    @Override
    public int hashCode() {
        return days.hashCode();
    }
}
