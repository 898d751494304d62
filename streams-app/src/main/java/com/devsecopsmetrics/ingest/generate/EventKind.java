package com.devsecopsmetrics.ingest.generate;

import java.util.List;

/** The event kinds of the contract; each names the topic {@code devsecops.<kind>}. */
public final class EventKind {

    public static final String SERVICES = "services";
    public static final String COMMITS = "commits";
    public static final String DEPLOYMENTS = "deployments";
    public static final String INCIDENTS = "incidents";
    public static final String SCAN_RESULTS = "scan-results";
    public static final String FINDINGS = "findings";

    public static final List<String> ALL =
            List.of(SERVICES, COMMITS, DEPLOYMENTS, INCIDENTS, SCAN_RESULTS, FINDINGS);

    private EventKind() {
    }
}
