package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.debt.FindingHistory;
import com.devsecopsmetrics.debt.TimelineCodec;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** One service's open findings at the end of a day, oldest first, for its page. */
public final class OpenFindings {
    /** An open finding with the attributes of its newest event up to the date. */
    public record OpenFinding(String findingId, Severity severity, Exploitability exploitability, double ageDays) {
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
        Instant end = endOf(date);
        List<OpenFinding> open = new ArrayList<>();
        timelines.forEach((id, points) -> add(open, id, TimelineCodec.at(points, end), end));
        return oldestFirst(open);
    }

    private static Instant endOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void add(List<OpenFinding> open, String id, FindingHistory.StatePoint state, Instant end) {
        if (state != null && state.state() == FindingHistory.State.OPEN) {
            double age = Duration.between(state.episodeStart(), end).toMillis() / 86_400_000.0;
            open.add(new OpenFinding(id, state.severity(), state.exploitability(), age));
        }
    }

    private static List<OpenFinding> oldestFirst(List<OpenFinding> open) {
        open.sort(Comparator.comparingDouble(OpenFinding::ageDays).reversed().thenComparing(OpenFinding::findingId));
        return open;
    }
}
