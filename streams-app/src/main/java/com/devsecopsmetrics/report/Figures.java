package com.devsecopsmetrics.report;

import java.util.Locale;

/** Writing the API's numbers into sentences the same way everywhere. */
final class Figures {
    private Figures() {
    }

    /** A share as a percentage with one decimal: 0.8734 -> "87.3%". */
    static String percent(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** Days, hours or any measure with one decimal. */
    static String one(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Rates that are often below one, with two decimals. */
    static String two(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** (now - before) / before; +∞ when only now is positive; null when either is missing. */
    static Double relativeChange(Double now, Double before) {
        if (now == null || before == null) {
            return null;
        }
        if (before == 0) {
            return now == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return (now - before) / before;
    }

    static Double relativeChange(ReportInputs.Pair<Double> values) {
        return relativeChange(values.current(), values.previous());
    }
}
