package com.devsecopsmetrics.metrics.delivery;

/** DORA's 2023 performance bands (DESIGN §4). A metric without a value has no level. */
public enum PerformanceLevel {
    ELITE, HIGH, MEDIUM, LOW;

    public static PerformanceLevel ofLeadTimeHours(Double hours) {
        return hours == null ? null : hours < 24 ? ELITE : hours < 24 * 7 ? HIGH : hours < 24 * 30 ? MEDIUM : LOW;
    }

    public static PerformanceLevel ofChangeFailureRate(Double rate) {
        return rate == null ? null : rate <= 0.05 ? ELITE : rate <= 0.10 ? HIGH : rate <= 0.15 ? MEDIUM : LOW;
    }

    public static PerformanceLevel ofTimeToRestoreHours(Double hours) {
        return hours == null ? null : hours < 1 ? ELITE : hours < 24 ? HIGH : hours < 24 * 7 ? MEDIUM : LOW;
    }

    /** On average at least once a day, a week (1/7 a day) or a month (1/30 a day). */
    public static PerformanceLevel ofDeploymentsPerDay(Double perDay) {
        return perDay == null ? null : perDay >= 1 ? ELITE : perDay >= 1.0 / 7 ? HIGH : perDay >= 1.0 / 30 ? MEDIUM : LOW;
    }
}
