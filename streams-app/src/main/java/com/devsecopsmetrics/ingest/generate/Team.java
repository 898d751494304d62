package com.devsecopsmetrics.ingest.generate;

import java.util.List;

/**
 * A team and how good it is at shipping safely. Maturity (0 = struggling, 1 = elite) drives
 * deployment frequency, lead time, failure rate, gate bypasses, evidence and remediation speed;
 * it trends over the period so month-over-month comparisons show movement.
 *
 * @param bypassCrunch a stretch of time in which the team is under deadline pressure and bypasses
 *                     the security gate far more often (what the rising-bypass alert should catch);
 *                     empty when {@code crunchFrom >= crunchUntil}
 */
record Team(String name, double startMaturity, double trendPerYear, int utcOffsetHours,
            List<String> engineers, long historyStart, long crunchFrom, long crunchUntil) {

    double maturityAt(long at) {
        double years = (at - historyStart) / (365.25 * Times.DAY);
        return Math.max(0.05, Math.min(0.97, startMaturity + trendPerYear * years));
    }

    double bypassPressureAt(long at) {
        return at >= crunchFrom && at < crunchUntil ? 4.0 : 1.0;
    }
}
