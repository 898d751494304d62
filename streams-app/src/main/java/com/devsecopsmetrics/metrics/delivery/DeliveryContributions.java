package com.devsecopsmetrics.metrics.delivery;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.HotfixCause;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Samples;
import com.devsecopsmetrics.metrics.DayFigures.Sum;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/** What commits and deployments add to their days, per the delivery and overlay definitions of DESIGN §4. */
public final class DeliveryContributions {
    public static final String PRODUCTION = "production";

    private DeliveryContributions() {
    }

    /** Only production deployments that succeeded are "deployments". */
    public static boolean isDeployment(Deployment d) {
        return d != null && PRODUCTION.equals(d.getEnvironment()) && d.getStatus() == DeploymentStatus.SUCCEEDED;
    }

    /**
     * A commit counts on the day it was made, and its lead-time sample on the day of the earliest deployment
     * that lists it, when that deployment is not before the commit.
     */
    public static Contribution commit(Commit commit, Instant earliestDeployment) {
        Contribution c = Contribution.none();
        if (commit == null) {
            return c;
        }
        c.on(commit.getCommittedAt()).count(Count.COMMITS);
        if (earliestDeployment != null && !earliestDeployment.isBefore(commit.getCommittedAt())) {
            c.on(earliestDeployment).sample(Samples.LEAD_TIME_HOURS, hours(commit.getCommittedAt(), earliestDeployment));
        }
        return c;
    }

    /**
     * A deployment's own figures on its day, and — when it bypassed the gate and a later deployment passed
     * it — its bypass-resolution sample on the day of that later deployment.
     *
     * @param failureLinks what names this deployment as failed (incidents, rollbacks, hotfixes)
     * @param nextPassed   deployed_at of the service's next deployment whose gate passed, or null
     */
    public static Contribution deployment(Deployment d, Collection<FailureLink> failureLinks, Instant nextPassed,
                                          Set<EvidenceKind> requiredEvidence) {
        Contribution c = Contribution.none();
        if (!isDeployment(d)) {
            return c;
        }
        DayFigures day = c.on(d.getDeployedAt()).count(Count.DEPLOYMENTS);
        if (!failureLinks.isEmpty()) {
            day.count(Count.FAILED);
            if (failureLinks.stream().anyMatch(FailureLink::security)) {
                day.count(Count.SECURITY_FAILED);
            }
        }
        if (d.getIsHotfix() || d.getRollbackOf() != null) {
            day.count(Count.REWORK);
        }
        if (d.getEvidence().containsAll(requiredEvidence)) {
            day.count(Count.EVIDENCE_COMPLETE);
        }
        if (d.getSecurityGate() == SecurityGate.BYPASSED) {
            day.count(Count.GATE_BYPASSED);
        } else if (d.getSecurityGate() == SecurityGate.PASSED) {
            day.count(Count.GATE_PASSED);
        }
        if (d.getIsHotfix()) {
            day.count(Count.HOTFIXES);
            if (d.getHotfixCause() == HotfixCause.SECURITY_CONTROL_GAP) {
                day.count(Count.SECURITY_HOTFIXES);
            }
        }
        Long wait = d.getSecurityWaitMinutes();
        if (wait != null && wait >= 0) {
            day.sample(Samples.SECURITY_WAIT_MINUTES, wait);
            if (d.getPipelineMinutes() != null) {
                day.count(Count.WAIT_WITH_PIPELINE)
                        .sum(Sum.SECURITY_WAIT_MINUTES_WITH_PIPELINE, wait)
                        .sum(Sum.PIPELINE_MINUTES_WITH_WAIT, d.getPipelineMinutes());
            }
        }
        if (d.getSecurityGate() == SecurityGate.BYPASSED && nextPassed != null) {
            c.on(nextPassed).count(Count.BYPASS_RESOLUTIONS)
                    .sum(Sum.BYPASS_RESOLUTION_HOURS, hours(d.getDeployedAt(), nextPassed));
        }
        return c;
    }

    public static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 3_600_000.0;
    }
}
