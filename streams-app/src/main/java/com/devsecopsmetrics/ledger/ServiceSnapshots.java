package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.metrics.coverage.LedgerView;
import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;

import java.time.LocalDate;

/** Builds a {@link ServiceSnapshot} as of the end of a UTC day from the service's stores. */
public final class ServiceSnapshots {
    private ServiceSnapshots() {
    }

    public static ServiceSnapshot of(String service, LocalDate date, int lookbackDays, LedgerView view) {
        return of(service, view.catalogueEntry(service), view.evidence(service, date.minusDays(lookbackDays - 1), date), date, lookbackDays);
    }

    public static ServiceSnapshot of(String service, Service entry, PracticeEvidence evidence, LocalDate date, int lookbackDays) {
        ScopeAssignment assignment = ScopeAssignment.of(entry);
        PracticeEvidence.Window window = evidence.over(date, lookbackDays);
        return new ServiceSnapshot(service, entry != null, assignment.team(), assignment.tier(),
                entry != null && entry.getInternetFacing(), ServiceSnapshot.practices(window, entry),
                window.imageScanning(), window.apiLint());
    }
}
