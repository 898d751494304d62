package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.events.Attestation;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ledger.DayFigures;
import com.devsecopsmetrics.ledger.DayFigures.Count;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One service at the end of a day: the practices it has over the lookback, and its open and accepted
 * findings. Built from the service's own stores; {@link Snapshot} combines services into a scope.
 */
public record ServiceSnapshot(String serviceId, boolean catalogued, String team, Tier tier, boolean internetFacing,
                              Set<Practice> practices, boolean imageScanned, boolean apiLinted,
                              List<OpenFinding> open, List<OpenFinding> accepted) {

    /** An open (or accepted) finding with the attributes of its newest event up to the date. */
    public record OpenFinding(String findingId, Severity severity, Exploitability exploitability, double ageDays) {
    }

    /**
     * @param scans        the service's day figures summed over the lookback (scan counts per type)
     * @param newestDeployment the newest production deployment in the lookback as "deployed_at|id|gated|evidenced", or null
     */
    public static Set<Practice> practices(DayFigures scans, String[] newestDeployment, Service entry) {
        Set<Practice> present = EnumSet.noneOf(Practice.class);
        if (scans.get(Count.SECRETS_SCANS) > 0) {
            present.add(Practice.SECRET_SCANNING);
        }
        if (scans.get(Count.SAST_SCANS) > 0) {
            present.add(Practice.SAST);
        }
        if (scans.get(Count.SCA_SCANS) + scans.get(Count.SBOM_SCANS) > 0) {
            present.add(Practice.DEPENDENCY_SCANNING);
        }
        if (newestDeployment != null && "1".equals(newestDeployment[2])) {
            present.add(Practice.CI_GATE);
        }
        if (newestDeployment != null && "1".equals(newestDeployment[3])) {
            present.add(Practice.RELEASE_EVIDENCE);
        }
        if (entry != null) {
            if (entry.getAttestations().contains(Attestation.THREAT_MODEL)) {
                present.add(Practice.THREAT_MODEL);
            }
            if (entry.getAttestations().contains(Attestation.LOGGING_RECOVERY)) {
                present.add(Practice.LOGGING_RECOVERY);
            }
            if (isSet(entry.getOwner()) && isSet(entry.getEscalationPath())) {
                present.add(Practice.OWNER_DEFINED);
            }
        }
        return present;
    }

    private static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }

    public double practiceCoverage() {
        return practices.size() / (double) Practice.values().length;
    }
}
