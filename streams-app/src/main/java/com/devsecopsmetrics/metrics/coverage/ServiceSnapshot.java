package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Attestation;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;

import java.util.EnumSet;
import java.util.Set;

/**
 * One service's coverage at the end of a day: the practices it has over the lookback. {@link Snapshot} combines
 * services into a scope; the debt of a scope is summed from its own rows (see the ledger's {@code SnapshotDebt}).
 */
public record ServiceSnapshot(String serviceId, boolean catalogued, String team, Tier tier, boolean internetFacing,
                              Set<Practice> practices, boolean imageScanned, boolean apiLinted) {

    /** The practices a service has, from its scanning and release evidence over the lookback and its catalogue entry. */
    public static Set<Practice> practices(PracticeEvidence.Window evidence, Service entry) {
        Set<Practice> present = EnumSet.noneOf(Practice.class);
        if (evidence.secretScanning()) {
            present.add(Practice.SECRET_SCANNING);
        }
        if (evidence.sast()) {
            present.add(Practice.SAST);
        }
        if (evidence.dependencyScanning()) {
            present.add(Practice.DEPENDENCY_SCANNING);
        }
        if (evidence.gated()) {
            present.add(Practice.CI_GATE);
        }
        if (evidence.evidenced()) {
            present.add(Practice.RELEASE_EVIDENCE);
        }
        if (entry != null) {
            for (Attestation attestation : entry.getAttestations()) { // one pass: an org snapshot asks this of every service
                if (attestation == Attestation.THREAT_MODEL) {
                    present.add(Practice.THREAT_MODEL);
                } else if (attestation == Attestation.LOGGING_RECOVERY) {
                    present.add(Practice.LOGGING_RECOVERY);
                }
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
