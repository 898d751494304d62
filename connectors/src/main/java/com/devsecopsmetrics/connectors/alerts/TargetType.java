package com.devsecopsmetrics.connectors.alerts;

import java.util.Locale;

/** Where a connector sends alerts; each has its own message format ({@link AlertMessages}). */
enum TargetType {
    SLACK, TEAMS, WEBHOOK;

    static TargetType parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
