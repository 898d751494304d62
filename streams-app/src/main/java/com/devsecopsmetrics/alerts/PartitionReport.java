package com.devsecopsmetrics.alerts;

import java.util.List;
import java.util.Map;

/**
 * What one partition of the ledger tells the alert evaluator at the end of a day in its stream time: per scope
 * (org and each team it holds), the gate outcomes of its recent days and the state of its tier-1 services. The
 * evaluator adds the reports of every partition, so it sees the scope whole.
 *
 * @param partition the ledger partition
 * @param day       the completed UTC day (YYYY-MM-DD) the report describes, or null when the partition has no events yet
 * @param scopes    scope -> its figures in this partition
 */
public record PartitionReport(int partition, String day, Map<String, ScopeFigures> scopes) {

    /**
     * @param gates YYYY-MM-DD -> [passed, bypassed] production deployments of that day (days with neither are left out)
     * @param tier1 the scope's tier-1 services at the end of the day
     */
    public record ScopeFigures(Map<String, long[]> gates, Tier1 tier1) {
    }

    /**
     * @param services              catalogued tier-1 services
     * @param practiceSum           Σ their practice coverage at the end of the day
     * @param practiceSumBefore     Σ their practice coverage at the end of the comparison day
     * @param pastSlaBySeverity     open findings older than their severity's SLA
     * @param oldestPastSla         the oldest of those, at most {@link #KEPT_FINDINGS}
     */
    public record Tier1(long services, double practiceSum, double practiceSumBefore, Map<String, Long> pastSlaBySeverity,
                        List<PastSla> oldestPastSla) {
        public static final int KEPT_FINDINGS = 20;
    }

    public record PastSla(String serviceId, String findingId, String severity, double ageDays, int slaDays) {
    }

    public boolean empty() {
        return day == null;
    }

    public String toJson() {
        return StoredJson.write(this);
    }

    public static PartitionReport fromJson(String json) {
        return StoredJson.read(json, PartitionReport.class, "partition report");
    }
}
