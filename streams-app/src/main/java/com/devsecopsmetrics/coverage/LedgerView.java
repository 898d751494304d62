package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ledger.DayFigures;

import java.time.LocalDate;
import java.util.List;

/** Read access to one service's ledger stores, whether through interactive queries or a test driver. */
public interface LedgerView {
    Service catalogueEntry(String service);

    /** The service's day figures summed over {@code [from, to]}. */
    DayFigures days(String service, LocalDate from, LocalDate toInclusive);

    /** The day-deployment entries of {@code [from, to]}, in day order. */
    List<String> dayDeployments(String service, LocalDate from, LocalDate toInclusive);

    /** finding id -> its encoded state timeline. */
    java.util.Map<String, String> findingTimelines(String service);
}
