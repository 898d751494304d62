package com.devsecopsmetrics.access;

import java.util.Locale;

/**
 * Which callers may reach which part of the HTTP surface (DESIGN §8). Team scoping inside {@link Area#API} is the
 * query layer's: it knows which team a service belongs to.
 */
public enum Area {
    /** {@code /health}, {@code /health/live}, {@code /health/ready}, and the dashboard's static files (they hold no data). */
    OPEN,
    /** {@code /api/...}: viewers and admins. */
    API,
    /** {@code /metrics}: the metrics role and admins. */
    PROMETHEUS,
    /** {@code /internal/...}: other instances only. */
    INTERNAL;

    public static Area of(String requestPath) {
        // Fail closed on spellings a router might one day match (case, doubled slashes): classify the canonical form.
        String path = requestPath.toLowerCase(Locale.ROOT).replaceAll("/{2,}", "/");
        if (path.equals("/api") || path.startsWith("/api/")) {
            return API;
        }
        if (path.equals("/internal") || path.startsWith("/internal/")) {
            return INTERNAL;
        }
        if (path.equals("/metrics") || path.startsWith("/metrics/")) {
            return PROMETHEUS;
        }
        return OPEN;
    }

    /** Whether {@code role} may reach this area at all. */
    public boolean admits(Role role) {
        return switch (this) {
            case OPEN -> true;
            case API -> role == Role.VIEWER || role == Role.ADMIN;
            case PROMETHEUS -> role == Role.METRICS || role == Role.ADMIN;
            case INTERNAL -> role == Role.INSTANCE;
        };
    }

    /** Whether this area's audit lines are written (DESIGN §8: every {@code /api} and {@code /internal} request). */
    public boolean audited() {
        return this == API || this == INTERNAL;
    }
}
