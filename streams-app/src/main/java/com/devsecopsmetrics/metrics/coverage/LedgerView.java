package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.metrics.debt.DebtState;

import java.time.LocalDate;
import java.util.Map;

/** Read access to one service's ledger stores, whether through interactive queries or a test driver. */
public interface LedgerView {
    Service catalogueEntry(String service);

    /** The service's scanning and release evidence, one entry per day, of at least the days {@code first} to {@code last}. */
    PracticeEvidence evidence(String service, LocalDate first, LocalDate last);

    /** The service's open and accepted findings as of the end of {@code date} (risk not yet weighted by tier). */
    DebtState debtAsOf(String service, LocalDate date);

    /** finding id -> its encoded state timeline. */
    Map<String, String> findingTimelines(String service);
}
