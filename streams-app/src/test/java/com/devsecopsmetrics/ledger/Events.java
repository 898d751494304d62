package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.IncidentKind;
import com.devsecopsmetrics.events.IncidentStatus;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;

import java.time.Instant;
import java.util.List;

/** Small builders for test events; every field the contract requires gets a plain default. */
final class Events {
    private Events() {
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    static Service service(String id, String team, Tier tier, String updatedAt) {
        return Service.newBuilder().setServiceId(id).setName(id).setTeam(team).setTier(tier).setRepos(List.of("acme/" + id))
                .setInternetFacing(false).setRegulated(false).setAttestations(List.of()).setUpdatedAt(t(updatedAt)).build();
    }

    static Commit commit(String service, String id, String at) {
        return Commit.newBuilder().setCommitId(id).setServiceId(service).setRepo("acme/" + service).setCommittedAt(t(at)).build();
    }

    static Deployment.Builder deployment(String service, String id, String at, String... commits) {
        return Deployment.newBuilder().setDeploymentId(id).setServiceId(service).setEnvironment("production")
                .setStatus(DeploymentStatus.SUCCEEDED).setDeployedAt(t(at)).setCommitIds(List.of(commits)).setIsHotfix(false)
                .setSecurityGate(SecurityGate.PASSED).setEvidence(List.of(EvidenceKind.SBOM, EvidenceKind.SCAN_REPORT));
    }

    static Incident incident(String service, String id, IncidentStatus status, String at, String openedAt, boolean security,
                             String causedBy) {
        return Incident.newBuilder().setIncidentId(id).setServiceId(service).setStatus(status).setOccurredAt(t(at))
                .setOpenedAt(t(openedAt)).setKind(security ? IncidentKind.SECURITY_EXPOSURE : IncidentKind.OUTAGE)
                .setSecurityRelated(security).setCausedByDeploymentId(causedBy).build();
    }

    static Finding.Builder finding(String service, String id, FindingStatus status, String at) {
        return Finding.newBuilder().setFindingId(id).setServiceId(service).setStatus(status).setOccurredAt(t(at))
                .setSeverity(Severity.HIGH).setExploitability(Exploitability.THEORETICAL).setCategory(FindingCategory.CODE)
                .setDefectClass("CWE-79").setInNewCode(false);
    }
}
