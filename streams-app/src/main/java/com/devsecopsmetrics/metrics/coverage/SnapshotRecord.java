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

    public static ServiceSnapshotMetrics of(ServiceSnapshot s, DebtState asOf, LocalDate date, RiskWeights weights,
                                           Map<Severity, Integer> slaDays) {
        // Risk is weighted by the tier here rather than in a weighted copy of the state: a record is published for every
        // service-day, and the copy of each open finding's start was a third of building it. The same product either way.
        int weight = weights.of(s.tier());
        DebtSnapshot debt = Snapshot.debt(Map.of(s.tier(), asOf), date, slaDays);
        Map<Severity, Long> bySeverity = debt.openBySeverity();
        return ServiceSnapshotMetrics.newBuilder()
                .setServiceId(s.serviceId()).setTeam(s.team()).setTier(s.tier().name()).setDate(date)
                .setCatalogued(s.catalogued())
                .setPractices(Snapshot.practiceNames(s.practices()))
                .setPracticeCoverage(s.practiceCoverage())
                .setRiskIndex(debt.riskIndex() * weight)
                .setAcceptedRiskIndex(debt.acceptedRiskIndex() * weight)
                .setOpenFindings(debt.openFindings())
                .setOpenCritical(bySeverity.get(Severity.CRITICAL)).setOpenHigh(bySeverity.get(Severity.HIGH))
                .setOpenMedium(bySeverity.get(Severity.MEDIUM)).setOpenLow(bySeverity.get(Severity.LOW))
                .setOpenCriticalHighAgeDaysP50(debt.openCriticalHighAgeDaysP50ByTier().get(s.tier()))
                .setOpenCriticalHighAgeDaysMax(debt.openCriticalHighAgeDaysMaxByTier().get(s.tier()))
                .setOpenPastSla(debt.pastSlaByTier().get(s.tier()))
                .build();
    }
}
