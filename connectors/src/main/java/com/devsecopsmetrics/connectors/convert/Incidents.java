package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.IncidentKind;
import com.devsecopsmetrics.events.IncidentStatus;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Issues labelled as incidents (GitHub, GitLab) and pages (PagerDuty) to incident events. */
final class Incidents {
    private final MappingConfig mapping;
    private final ReleaseTracker releases;

    /** An issue action that opens ({@code open}) or resolves the incident, at {@code at}. */
    record Change(boolean open, Instant at) {
    }

    Incidents(MappingConfig mapping, ReleaseTracker releases) {
        this.mapping = mapping;
        this.releases = releases;
    }

    Conversion fromIssue(String key, String service, List<String> labels, boolean nativeIncident, String action, Change change,
                         Instant openedAt, String text) {
        boolean labelled = labels.stream().anyMatch(l -> l.equalsIgnoreCase(mapping.incidentLabel()));
        if (!labelled && !nativeIncident) {
            return Conversion.skip("issue " + key + " is not an incident: no '" + mapping.incidentLabel() + "' label ("
                    + MappingConfig.INCIDENT_LABEL + ")");
        }
        if (change == null) {
            return Conversion.skip("issue " + key + " action '" + action + "' changes no incident state");
        }
        return Conversion.of(List.of(ContractEvent.of(incident(key, service, change.open(), change.at(), openedAt, labels, text))));
    }

    Incident incident(String id, String service, boolean open, Instant at, Instant openedAt, List<String> labels, String text) {
        IncidentKind kind = kindOf(labels);
        boolean security = labels.stream().anyMatch(l -> l.equalsIgnoreCase(mapping.securityLabel()))
                || kind == IncidentKind.SECURITY_EXPOSURE || kind == IncidentKind.SECURITY_ROLLBACK;
        if (security && kind == IncidentKind.OUTAGE && labels.stream().noneMatch(l -> normal(l).equals("OUTAGE"))) {
            kind = IncidentKind.SECURITY_EXPOSURE;
        }
        return Incident.newBuilder()
                .setIncidentId(id).setServiceId(service)
                .setStatus(open ? IncidentStatus.OPENED : IncidentStatus.RESOLVED)
                .setOccurredAt(at.isBefore(openedAt) ? openedAt : at).setOpenedAt(openedAt)
                .setKind(kind).setSecurityRelated(security)
                .setCausedByDeploymentId(causedBy(text).orElse(null))
                .build();
    }

    /** The {@code root cause:} reference: a deployment id as written, or the production deployment that shipped a named commit. */
    Optional<String> causedBy(String text) {
        return mapping.rootCauseIn(text).map(ref -> releases.deploymentShipping(ref).orElse(ref));
    }

    /** A label naming an incident kind ({@code degradation}, {@code security-rollback}, ...); OUTAGE otherwise. */
    private static IncidentKind kindOf(List<String> labels) {
        for (String l : labels) {
            for (IncidentKind k : IncidentKind.values()) {
                if (normal(l).equals(k.name()) || normal(l).equals("INCIDENT:" + k.name())) {
                    return k;
                }
            }
        }
        return IncidentKind.OUTAGE;
    }

    private static String normal(String label) {
        return label.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }
}
