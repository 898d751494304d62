package com.devsecopsmetrics.access;

import java.util.Locale;

/** What a caller may read (DESIGN §8). {@link #INSTANCE} is another instance of this application, never a person. */
public enum Role {
    /** Every {@code /api/v1} route and the dashboard, within the caller's scope. */
    VIEWER,
    /** Only {@code /metrics}, for a Prometheus scraper. */
    METRICS,
    /** Everything a person may read. */
    ADMIN,
    /** Only the {@code /internal/} routes instances forward queries through. */
    INSTANCE;

    /** A role as written in the tokens file and in JWT claims: {@code viewer}, {@code metrics} or {@code admin}. */
    public static Role parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "viewer" -> VIEWER;
            case "metrics" -> METRICS;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("unknown role '" + text + "': use viewer, metrics or admin");
        };
    }
}
