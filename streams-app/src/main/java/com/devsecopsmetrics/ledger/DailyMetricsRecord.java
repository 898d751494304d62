package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;

import java.time.LocalDate;
import java.util.Map;

/** A service's day as published on devsecops.metrics.daily, using the metric definitions of {@link DeliveryMetrics}. */
final class DailyMetricsRecord {
    private DailyMetricsRecord() {
    }

    static ServiceDailyMetrics of(String service, ScopeAssignment assignment, LocalDate date, DayFigures row) {
        Map<String, Object> dora = DeliveryMetrics.dora(row, 1);
        Map<String, Object> security = DeliveryMetrics.security(row);
        Map<String, Object> debt = DebtFlowMetrics.of(row);
        return ServiceDailyMetrics.newBuilder()
                .setServiceId(service).setTeam(assignment.team()).setTier(assignment.tier().name()).setDate(date)
                .setDeployments(row.get(Count.DEPLOYMENTS))
                .setLeadTimeSamples((Long) dora.get("lead_time_samples"))
                .setLeadTimeHoursP50((Double) dora.get("lead_time_hours_p50"))
                .setLeadTimeHoursP90((Double) dora.get("lead_time_hours_p90"))
                .setFailedDeployments(row.get(Count.FAILED))
                .setSecurityFailedDeployments(row.get(Count.SECURITY_FAILED))
                .setChangeFailureRate((Double) dora.get("change_failure_rate"))
                .setIncidentsResolved(row.get(Count.INCIDENTS_RESOLVED))
                .setTimeToRestoreHoursP50((Double) dora.get("time_to_restore_hours_p50"))
                .setTimeToRestoreHoursMean((Double) dora.get("time_to_restore_hours_mean"))
                .setReworkRate((Double) dora.get("rework_rate"))
                .setReleaseEvidenceRate((Double) security.get("release_evidence_rate"))
                .setGateBypasses(row.get(Count.GATE_BYPASSED))
                .setGateBypassRate((Double) security.get("gate_bypass_rate"))
                .setGateBypassResolutionHoursMean((Double) security.get("gate_bypass_resolution_hours_mean"))
                .setExploitableRemediationDaysP50((Double) security.get("exploitable_remediation_days_p50"))
                .setSecurityHotfixShare((Double) security.get("security_hotfix_share"))
                .setSecretRotationHoursMean((Double) security.get("secret_rotation_hours_mean"))
                .setSecretExposures(row.get(Count.SECRET_EXPOSURES))
                .setCommits(row.get(Count.COMMITS))
                .setSecurityWaitMinutesP50((Double) security.get("security_wait_minutes_p50"))
                .setSecurityWaitShare((Double) security.get("security_wait_share"))
                .setIntake((Long) debt.get("intake"))
                .setFixed((Long) debt.get("fixed"))
                .setReopened((Long) debt.get("reopened"))
                .build();
    }
}
