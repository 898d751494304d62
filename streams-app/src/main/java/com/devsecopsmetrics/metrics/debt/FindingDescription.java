package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingLocation;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What a reader needs to act on a finding: title, rule, CWE (defect class), file and line, scanner, link and CVEs.
 * Each detail is the one of the newest event up to the date that carries it: a FIXED or a TRIAGED sent without
 * them (a webhook that only says the state changed) does not blank what the scanner said before. Plain values,
 * so an instance can send it to another as JSON.
 */
public record FindingDescription(String title, String ruleId, String defectClass, Location location, String url,
                                 List<String> cveIds, String scanner) {
    public record Location(String repository, String path, Integer startLine) {
    }

    /** The description from a finding's history (in event order) as of {@code asOf}; null when it has no event by then. */
    public static FindingDescription of(List<Finding> history, Instant asOf) {
        if (history == null || FindingHistory.newest(history, asOf) == null) {
            return null;
        }
        FindingLocation location = newest(history, asOf, Finding::getLocation);
        return new FindingDescription(newest(history, asOf, Finding::getTitle), newest(history, asOf, Finding::getRuleId),
                newest(history, asOf, Finding::getDefectClass),
                location == null ? null : new Location(location.getRepository(), location.getPath(), location.getStartLine()),
                newest(history, asOf, Finding::getUrl), newest(history, asOf, Finding::getCveIds), newest(history, asOf, Finding::getScanner));
    }

    private static <T> T newest(List<Finding> history, Instant asOf, Function<Finding, T> detail) {
        T found = null;
        for (Finding e : history) {
            if (e.getOccurredAt().isAfter(asOf)) {
                break; // the history is in event order
            }
            T value = detail.apply(e);
            if (value != null) {
                found = value;
            }
        }
        return found;
    }
}
