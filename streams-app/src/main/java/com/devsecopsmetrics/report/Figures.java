package com.devsecopsmetrics.report;

import java.util.Locale;
import java.util.Map;

/** Reading numbers out of the API's nested groups, and writing them into sentences the same way everywhere. */
final class Figures {
    private Figures() {
    }

    /** The number at {@code path} in nested maps, or null where the API has null or nothing. */
    static Double num(Map<String, Object> group, String... path) {
        return value(group, path) instanceof Number n ? n.doubleValue() : null;
    }

    static long count(Map<String, Object> group, String... path) {
        Double v = num(group, path);
        return v == null ? 0 : Math.round(v);
    }

    static String text(Map<String, Object> group, String... path) {
        Object v = value(group, path);
        return v == null ? null : v.toString();
    }

    private static Object value(Map<String, Object> group, String... path) {
        Object v = group;
        for (String key : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(key);
        }
        return v;
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
}
