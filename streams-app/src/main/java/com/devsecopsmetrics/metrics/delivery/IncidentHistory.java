package com.devsecopsmetrics.metrics.delivery;

import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.IncidentStatus;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Samples;
import com.devsecopsmetrics.metrics.DayFigures.Sum;
import com.devsecopsmetrics.metrics.StatusHistory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * All status changes of one incident, deduplicated. Its attributes are those of its newest event (OPENED
 * before RESOLVED at equal times); time to restore comes from its newest RESOLVED event.
 */
public final class IncidentHistory {
    /** Event time, then OPENED before RESOLVED, then content, so the order never depends on arrival. */
    static final Comparator<Incident> ORDER = Comparator.comparing(Incident::getOccurredAt)
            .thenComparing(Incident::getStatus)
            .thenComparing(Incident::toString);

    private IncidentHistory() {
    }

    /** Adds {@code event} to the sorted history; returns null when it was already there (or a same-time variant that wins the tie). */
    public static List<Incident> with(List<Incident> history, Incident event) {
        return StatusHistory.with(history, event, Incident::getStatus, Incident::getOccurredAt, ORDER);
    }

    public static Optional<Incident> newest(List<Incident> history) {
        return history == null || history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    public static Optional<String> causedBy(List<Incident> history) {
        return newest(history).map(Incident::getCausedByDeploymentId);
    }

    public static Contribution contribution(List<Incident> history) {
        Contribution c = Contribution.none();
        if (history == null) {
            return c;
        }
        Incident resolved = null;
        for (Incident e : history) {
            if (e.getStatus() == IncidentStatus.RESOLVED) {
                resolved = e; // history is sorted, so the last one is the newest
            }
        }
        if (resolved != null) {
            double hours = DeliveryContributions.hours(resolved.getOpenedAt(), resolved.getOccurredAt());
            c.on(resolved.getOccurredAt()).count(Count.INCIDENTS_RESOLVED)
                    .sum(Sum.RESTORE_HOURS, hours)
                    .sample(Samples.RESTORE_HOURS, hours);
        }
        return c;
    }
}
