package com.devsecopsmetrics.metrics.coverage;

/** The eight practices of DESIGN §4 "Snapshot", each present or absent per service. */
public enum Practice {
    SECRET_SCANNING, SAST, DEPENDENCY_SCANNING, CI_GATE, RELEASE_EVIDENCE, THREAT_MODEL, LOGGING_RECOVERY, OWNER_DEFINED
}
