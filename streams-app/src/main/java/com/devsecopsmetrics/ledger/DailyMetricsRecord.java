package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.debt.DebtFlow;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.metrics.delivery.DoraMetrics;
import com.devsecopsmetrics.metrics.delivery.SecurityOverlays;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;

import java.time.LocalDate;

/** A service's day as published on devsecops.metrics.daily, using the metric definitions of {@link DeliveryMetrics}. */
final class DailyMetricsRecord {
    private DailyMetricsRecord() {
    }

    static ServiceDailyMetrics of(String service, ScopeAssignment assignment, LocalDate date, DayFigures row) {
        DoraMetrics dora = DeliveryMetrics.dora(row, 1);
        SecurityOverlays security = DeliveryMetrics.security(row);
        DebtFlow debt = DebtFlowMetrics.of(row);
        return ServiceDailyMetrics.newBuilder()
                .setServiceId(service).setTeam(assignment.team()).setTier(assignment.tier().name()).setDate(date)
                .setDeployments(row.get(Count.DEPLOYMENTS))
                .setLeadTimeSamples(dora.leadTimeSamples())
                .setLeadTimeHoursP50(dora.leadTimeHoursP50())
                .setLeadTimeHoursP90(dora.leadTimeHoursP90())
                .setFailedDeployments(row.get(Count.FAILED))
                .setSecurityFailedDeployments(row.get(Count.SECURITY_FAILED))
                .setChangeFailureRate(dora.changeFailureRate())
                .setIncidentsResolved(row.get(Count.INCIDENTS_RESOLVED))
                .setTimeToRestoreHoursP50(dora.timeToRestoreHoursP50())
                .setTimeToRestoreHoursMean(dora.timeToRestoreHoursMean())
                .setReworkRate(dora.reworkRate())
                .setReleaseEvidenceRate(security.releaseEvidenceRate())
                .setGateBypasses(row.get(Count.GATE_BYPASSED))
                .setGateBypassRate(security.gateBypassRate())
                .setGateBypassResolutionHoursMean(security.gateBypassResolutionHoursMean())
                .setExploitableRemediationDaysP50(security.exploitableRemediationDaysP50())
                .setSecurityHotfixShare(security.securityHotfixShare())
                .setSecretRotationHoursMean(security.secretRotationHoursMean())
                .setSecretExposures(row.get(Count.SECRET_EXPOSURES))
                .setCommits(row.get(Count.COMMITS))
                .setSecurityWaitMinutesP50(security.securityWaitMinutesP50())
                .setSecurityWaitShare(security.securityWaitShare())
                .setIntake(debt.intake())
                .setFixed(debt.fixed())
                .setReopened(debt.reopened())
                .build();
    }
}
