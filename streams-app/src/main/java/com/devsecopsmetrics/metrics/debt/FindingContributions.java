package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;
import com.devsecopsmetrics.metrics.DayFigures.Samples;
import com.devsecopsmetrics.metrics.DayFigures.Sum;
import com.devsecopsmetrics.metrics.delivery.DeliveryContributions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What one finding's lifecycle adds to its days: intake, fixes, reopenings, triage, remediation and secret samples. */
public final class FindingContributions {
    private FindingContributions() {
    }

    public static Contribution of(List<Finding> history) {
        return of(history, List.of(), RiskWeights.DEFAULT);
    }

    public static Contribution of(List<Finding> history, List<FindingHistory.ScanObservation> scans, RiskWeights weights) {
        Contribution c = Contribution.none();
        if (history == null || history.isEmpty()) {
            return c;
        }
        Finding attributes = FindingHistory.newest(history, null);
        List<FindingHistory.Episode> episodes = FindingHistory.episodes(history, scans);
        boolean exploitable = FindingHistory.isExploitable(attributes);
        boolean secret = FindingHistory.isSecret(attributes);
        for (int i = 0; i < episodes.size(); i++) {
            FindingHistory.Episode e = episodes.get(i);
            if (i == 0) {
                DayFigures first = c.on(e.start()).count(Count.INTAKE).defectClassIntake(attributes.getDefectClass(), 1);
                if (attributes.getInNewCode()) {
                    first.count(Count.NEW_CODE_FINDINGS).sum(Sum.NEW_CODE_BASE_RISK,
                            weights.of(attributes.getSeverity(), attributes.getExploitability()));
                }
                if (secret) {
                    first.count(Count.SECRET_EXPOSURES);
                }
            } else {
                c.on(e.start()).count(Count.REOPENED);
            }
            if (e.endedBy() == FindingStatus.FIXED) {
                DayFigures fixedDay = c.on(e.end()).count(Count.FIXED);
                if (exploitable) {
                    fixedDay.sample(Samples.EXPLOITABLE_REMEDIATION_DAYS, Duration.between(e.start(), e.end()).toMillis() / 86_400_000.0);
                }
                if (secret) {
                    fixedDay.count(Count.SECRET_ROTATIONS).sum(Sum.SECRET_ROTATION_HOURS, DeliveryContributions.hours(e.start(), e.end()));
                }
            }
        }
        addDebtChanges(c, FindingHistory.timeline(history, scans), weights);
        Instant triaged = FindingHistory.firstTriaged(history);
        if (triaged != null && !episodes.isEmpty() && !triaged.isBefore(episodes.get(0).start())) {
            c.on(triaged).count(Count.TRIAGED).sum(Sum.TRIAGE_HOURS, DeliveryContributions.hours(episodes.get(0).start(), triaged));
        }
        return c;
    }

    /** Each point of the timeline changes the open and accepted debt on its day by the difference it makes. */
    private static void addDebtChanges(Contribution c, List<FindingHistory.StatePoint> timeline, RiskWeights weights) {
        DebtState before = new DebtState();
        for (FindingHistory.StatePoint point : timeline) {
            DebtState after = DebtState.of(point, weights);
            c.on(point.at()).debt(after, 1).debt(before, -1);
            before = after;
        }
    }
}
