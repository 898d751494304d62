package com.devsecopsmetrics.ledger;

/** Reads the values of {@link LedgerStores#DAY_DEPLOYMENTS}, whose entry format only the ledger knows. */
public final class DayDeployments {
    private DayDeployments() {
    }

    /** The last deployment of a day from its day-deployments value (entries sort by deployed_at, then id), or null. */
    public static String[] newestDeployment(String dayValue) {
        return dayValue == null || dayValue.isEmpty()
                ? null : LedgerKeys.split(SortedEntries.decode(dayValue).last());
    }
}
