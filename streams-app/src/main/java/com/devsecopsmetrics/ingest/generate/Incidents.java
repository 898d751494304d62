package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.IncidentKind;
import com.devsecopsmetrics.events.IncidentStatus;
import com.devsecopsmetrics.events.Tier;
import java.time.Instant;

/**
 * Incidents: those caused by a bad release (opened by {@link Delivery}) and those nobody traced to a
 * release (an exposure found by a researcher, a capacity outage). An incident whose resolution
 * falls after the end of the history is simply still open.
 */
final class Incidents {

    private static final Dice.Weighted<IncidentKind> UNLINKED_KINDS = new Dice.Weighted<IncidentKind>()
            .add(IncidentKind.OUTAGE, 30).add(IncidentKind.DEGRADATION, 35)
            .add(IncidentKind.SECURITY_EXPOSURE, 20).add(IncidentKind.EMERGENCY_EXCEPTION, 15);

    private final ServiceSimulation s;

    Incidents(ServiceSimulation s) {
        this.s = s;
    }

    void start(long at) {
        s.every(at, unlinkedPerDay(at), this::unlinked);
    }

    private double unlinkedPerDay(long at) {
        double tierFactor = s.profile.tier == Tier.TIER_1 ? 1.3 : 1.0;
        return (1.0 / 150) * (1.6 - s.maturity(at)) * tierFactor * (s.profile.abandoned ? 0.3 : 1);
    }

    private void unlinked(long at) {
        s.every(at, unlinkedPerDay(at), this::unlinked);
        IncidentKind kind = s.dice.pick(UNLINKED_KINDS);
        boolean security = kind != IncidentKind.OUTAGE && kind != IncidentKind.DEGRADATION;
        // Now and then a security control itself takes the service down (a WAF rule, a revoked cert).
        if (kind == IncidentKind.OUTAGE && s.dice.chance(0.05)) {
            security = true;
        }
        double hours = restoreHours(at, security);
        if (kind == IncidentKind.SECURITY_EXPOSURE && s.dice.chance(0.2)) {
            hours *= 10; // a long forensic investigation
        }
        record(at, Times.after(at, hours * 60), kind, security, null);
    }

    /**
     * Time to restore: minutes for elite teams, days for struggling ones, slower when nobody owns
     * the service (the seed's "is recovery limited by poor ownership?") and for security work.
     */
    double restoreHours(long at, boolean security) {
        double m = s.maturity(at);
        double median = 0.5 * Math.pow(40, 1 - m)
                * (s.profile.ownerDefined() ? 1.0 : 2.5)
                * (security ? 1.5 : 1.0);
        return s.dice.logNormal(median, 0.9);
    }

    /**
     * Opens an incident and resolves it at {@code restoredAt}, or later: one in ten stays open for
     * days or weeks more (waiting on a vendor, or on the post-incident review), which is also what
     * leaves some incidents open at the end of the history.
     */
    void record(long openedAt, long restoredAt, IncidentKind kind, boolean security, String causedBy) {
        long resolvedAt = s.dice.chance(0.1) ? Times.after(restoredAt, s.dice.uniform(3, 40) * 24 * 60) : restoredAt;
        String id = s.newIncidentId();
        s.emit(EventKind.INCIDENTS, openedAt,
                event(id, IncidentStatus.OPENED, openedAt, openedAt, kind, security, causedBy));
        s.emit(EventKind.INCIDENTS, resolvedAt,
                event(id, IncidentStatus.RESOLVED, resolvedAt, openedAt, kind, security, causedBy));
    }

    private Incident event(String id, IncidentStatus status, long occurredAt, long openedAt, IncidentKind kind,
                           boolean security, String causedBy) {
        return Incident.newBuilder()
                .setIncidentId(id)
                .setServiceId(s.id())
                .setStatus(status)
                .setOccurredAt(Instant.ofEpochMilli(occurredAt))
                .setOpenedAt(Instant.ofEpochMilli(openedAt))
                .setKind(kind)
                .setSecurityRelated(security)
                .setCausedByDeploymentId(causedBy)
                .build();
    }
}
