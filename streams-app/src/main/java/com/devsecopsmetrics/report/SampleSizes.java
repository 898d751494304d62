package com.devsecopsmetrics.report;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Samples;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How many events stand behind each rate and percentile of a period, so a figure from a handful of events can be
 * marked low-sample instead of judged (issue 19: "Rework 14.3%" was 1 of 7 deployments). A null count is one the
 * inputs did not carry (hand-built months); it is never called low.
 *
 * @param deployments             behind change_failure_rate, rework_rate and release_evidence_rate
 * @param leadTimeSamples         behind lead_time_hours_p50 and p90
 * @param incidentsResolved       behind time_to_restore_hours_p50 and mean
 * @param gatedDeployments        behind gate_bypass_rate: deployments that passed or bypassed a gate
 * @param exploitableRemediations behind exploitable_remediation_days_p50
 * @param intake                  behind fix_to_intake_ratio
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SampleSizes(
        Long deployments,
        Long leadTimeSamples,
        Long incidentsResolved,
        Long gatedDeployments,
        Long exploitableRemediations,
        Long intake) {

    /** Counts not known: nothing is low-sample. */
    public static final SampleSizes UNKNOWN = new SampleSizes(null, null, null, null, null, null);

    public static SampleSizes of(DayFigures f) {
        return new SampleSizes(f.get(Count.DEPLOYMENTS), f.get(Samples.LEAD_TIME_HOURS).count(),
                f.get(Count.INCIDENTS_RESOLVED), f.get(Count.GATE_BYPASSED) + f.get(Count.GATE_PASSED),
                f.get(Samples.EXPLOITABLE_REMEDIATION_DAYS).count(), f.get(Count.INTAKE));
    }

    /** Whether a count is known and under the threshold. */
    public static boolean low(Long n, int minSample) {
        return n != null && n < minSample;
    }
}
