package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.debt.FindingHistory;
import com.devsecopsmetrics.debt.TimelineCodec;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ledger.DayFigures;
import com.devsecopsmetrics.ledger.LedgerKeys;
import com.devsecopsmetrics.ledger.ScopeAssignment;
import com.devsecopsmetrics.ledger.SortedEntries;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link ServiceSnapshot} as of the end of a UTC day from the service's stores. */
public final class ServiceSnapshots {
    private ServiceSnapshots() {
    }

    public static ServiceSnapshot of(String service, LocalDate date, int lookbackDays, LedgerView view) {
        Service entry = view.catalogueEntry(service);
        ScopeAssignment assignment = ScopeAssignment.of(entry);
        LocalDate first = date.minusDays(lookbackDays - 1L);
        DayFigures window = view.days(service, first, date);
        String[] newest = newestDeployment(view.dayDeployments(service, first, date));
        Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<ServiceSnapshot.OpenFinding> open = new ArrayList<>();
        List<ServiceSnapshot.OpenFinding> accepted = new ArrayList<>();
        for (var finding : view.findingTimelines(service).entrySet()) {
            FindingHistory.StatePoint state = TimelineCodec.at(finding.getValue(), end);
            if (state == null) {
                continue;
            }
            if (state.state() == FindingHistory.State.OPEN) {
                double age = Duration.between(state.episodeStart(), end).toMillis() / 86_400_000.0;
                open.add(new ServiceSnapshot.OpenFinding(finding.getKey(), state.severity(), state.exploitability(), age));
            } else if (state.state() == FindingHistory.State.ACCEPTED) {
                accepted.add(new ServiceSnapshot.OpenFinding(finding.getKey(), state.severity(), state.exploitability(), 0));
            }
        }
        return new ServiceSnapshot(service, entry != null, assignment.team(), assignment.tier(),
                entry != null && entry.getInternetFacing(), ServiceSnapshot.practices(window, newest, entry),
                window.get(DayFigures.Count.IMAGE_SCANS) > 0, window.get(DayFigures.Count.API_LINT_SCANS) > 0, open, accepted);
    }

    /** The last deployment of the latest day that had one: entries sort by deployed_at, then id. */
    static String[] newestDeployment(List<String> dayValues) {
        for (int i = dayValues.size() - 1; i >= 0; i--) {
            String value = dayValues.get(i);
            if (value != null && !value.isEmpty()) {
                return LedgerKeys.split(SortedEntries.decode(value).last());
            }
        }
        return null;
    }
}
