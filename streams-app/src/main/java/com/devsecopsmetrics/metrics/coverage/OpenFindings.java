package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.metrics.debt.FindingDescription;
import com.devsecopsmetrics.metrics.debt.FindingHistory;
import com.devsecopsmetrics.metrics.debt.TimelineCodec;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.debt.FindingHistory;
import com.devsecopsmetrics.metrics.debt.TimelineCodec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One service's open findings at the end of a day, oldest first, for its page. */
public final class OpenFindings {
    /**
     * An open finding with the attributes of its newest event up to the date; details only where a reader shows them
     * (the service page), since they take a read of the finding's events.
     */
    public record OpenFinding(String findingId, Severity severity, Exploitability exploitability, double ageDays,
                              FindingDescription details) {
        public OpenFinding(String findingId, Severity severity, Exploitability exploitability, double ageDays) {
            this(findingId, severity, exploitability, ageDays, null);
        }

        public OpenFinding described(FindingDescription description) {
            return new OpenFinding(findingId, severity, exploitability, ageDays, description);
        }
    }

    private OpenFindings() {
    }

    /** @param timelines finding id -> encoded state timeline */
    public static List<OpenFinding> of(Map<String, String> timelines, LocalDate date) {
        Instant end = endOf(date);
        List<OpenFinding> open = new ArrayList<>();
        timelines.forEach((id, timeline) -> add(open, id, TimelineCodec.at(timeline, end), end));
        return oldestFirst(open);
    }

    /** The same from timelines already decoded: finding id -> state points in time order. */
    public static List<OpenFinding> ofDecoded(Map<String, List<FindingHistory.StatePoint>> timelines, LocalDate date) {
        List<OpenFinding> open = new ArrayList<>();
        forEachOpen(timelines, date, open::add);
        return oldestFirst(open);
    }

    /**
     * Each finding open at the end of the day, in no order: for readers that keep a few of them (the alert
     * reports keep those past their SLA), without listing and sorting every open finding of the service.
     */
    public static void forEachOpen(Map<String, List<FindingHistory.StatePoint>> timelines, LocalDate date,
                                   Consumer<OpenFinding> action) {
        Instant end = endOf(date);
        timelines.forEach((id, points) -> {
            OpenFinding open = openAt(id, TimelineCodec.at(points, end), end);
            if (open != null) {
                action.accept(open);
            }
        });
    }

    private static Instant endOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void add(List<OpenFinding> open, String id, FindingHistory.StatePoint state, Instant end) {
        OpenFinding finding = openAt(id, state, end);
        if (finding != null) {
            open.add(finding);
        }
    }

    private static OpenFinding openAt(String id, FindingHistory.StatePoint state, Instant end) {
        if (state == null || state.state() != FindingHistory.State.OPEN) {
            return null;
        }
        // Times are whole milliseconds (timestamp-millis): the same age as Duration.between, without one per finding.
        return new OpenFinding(id, state.severity(), state.exploitability(),
                Snapshot.ageDays(end.toEpochMilli(), state.episodeStart().toEpochMilli()));
    }

    private static List<OpenFinding> oldestFirst(List<OpenFinding> open) {
        open.sort(Comparator.comparingDouble(OpenFinding::ageDays).reversed().thenComparing(OpenFinding::findingId));
        return open;
    }
}
