package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.debt.DebtState;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.devsecopsmetrics.outputs.ServiceSnapshotMetrics;

import java.time.LocalDate;
import java.util.Map;

/** A service's snapshot as published on devsecops.metrics.snapshot, using the definitions of {@link Snapshot}. */
public final class SnapshotRecord {
    private SnapshotRecord() {
    }

    @SuppressWarnings("unchecked")
    public static ServiceSnapshotMetrics of(ServiceSnapshot s, DebtState asOf, LocalDate date, RiskWeights weights,
                                           Map<Severity, Integer> slaDays) {
        Map<String, Object> debt = Snapshot.debt(Map.of(s.tier(), asOf.weighted(weights.of(s.tier()))), date, slaDays);
        Map<String, Long> bySeverity = (Map<String, Long>) debt.get("open_by_severity");
        return ServiceSnapshotMetrics.newBuilder()
                .setServiceId(s.serviceId()).setTeam(s.team()).setTier(s.tier().name()).setDate(date)
                .setCatalogued(s.catalogued())
                .setPractices(s.practices().stream().map(Enum::name).sorted().toList())
                .setPracticeCoverage(s.practiceCoverage())
                .setRiskIndex((Double) debt.get("risk_index"))
                .setAcceptedRiskIndex((Double) debt.get("accepted_risk_index"))
                .setOpenFindings((Long) debt.get("open_findings"))
                .setOpenCritical(bySeverity.get("CRITICAL")).setOpenHigh(bySeverity.get("HIGH"))
                .setOpenMedium(bySeverity.get("MEDIUM")).setOpenLow(bySeverity.get("LOW"))
                .setOpenCriticalHighAgeDaysP50((Double) ((Map<String, Object>) debt.get("open_critical_high_age_days_p50_by_tier")).get(s.tier().name()))
                .setOpenCriticalHighAgeDaysMax((Double) ((Map<String, Object>) debt.get("open_critical_high_age_days_max_by_tier")).get(s.tier().name()))
                .setOpenPastSla((Long) ((Map<String, Object>) debt.get("past_sla_by_tier")).get(s.tier().name()))
                .build();
    }
}
