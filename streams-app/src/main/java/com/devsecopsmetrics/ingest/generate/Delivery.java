package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.events.Attestation;
import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.HotfixCause;
import com.devsecopsmetrics.events.IncidentKind;
import com.devsecopsmetrics.events.RollbackReason;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Tier;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery flow of one service: commits pile up, releases pick up the commits that have been
 * through the pipeline (via staging for teams that use it), some releases fail outright, and some
 * succeed but break production and are rolled back or hotfixed, with or without an incident.
 */
final class Delivery {

    static final String PRODUCTION = "production";
    static final String STAGING = "staging";

    private record PendingCommit(String id, long committedAt) {
    }

    private final ServiceSimulation s;
    /** Committed but not yet shipped to production, oldest first. */
    private final ArrayDeque<PendingCommit> unshipped = new ArrayDeque<>();
    private String lastCommitId;

    Delivery(ServiceSimulation s) {
        this.s = s;
    }

    void start(long at) {
        scheduleCommit(at);
        scheduleRelease(at);
    }

    /** The newest commit, which scans usually run against; null before the first one. */
    String lastCommitId() {
        return lastCommitId;
    }

    // ---- commits ----------------------------------------------------------------------------

    private void scheduleCommit(long at) {
        s.every(at, s.profile.commitsPerDay / Times.MEAN_WORKING_INTENSITY, this::commit);
    }

    private void commit(long at) {
        scheduleCommit(at);
        if (!s.dice.chance(Times.workingIntensity(at, s.profile.team.utcOffsetHours()))) {
            return;
        }
        lastCommitId = emitCommit(at, s.dice.pick(s.profile.repos), s.author());
        unshipped.addLast(new PendingCommit(lastCommitId, at));
    }

    private String emitCommit(long at, String repo, String author) {
        String id = s.newCommitId();
        s.emit(EventKind.COMMITS, at, Commit.newBuilder()
                .setCommitId(id)
                .setServiceId(s.id())
                .setRepo(repo)
                .setAuthor(author)
                .setCommittedAt(Instant.ofEpochMilli(at))
                .build());
        return id;
    }

    // ---- releases ---------------------------------------------------------------------------

    /** From one release every couple of weeks (maturity 0) to a couple a day (elite). */
    private double releasesPerDay(long at) {
        return 0.06 * Math.exp(3.5 * s.maturity(at)) * s.profile.releaseTierFactor() * (s.profile.abandoned ? 0.1 : 1);
    }

    private void scheduleRelease(long at) {
        s.every(at, releasesPerDay(at) / Times.MEAN_WORKING_INTENSITY, this::release);
    }

    private void release(long at) {
        scheduleRelease(at);
        if (!s.dice.chance(Times.workingIntensity(at, s.profile.team.utcOffsetHours()))) {
            return;
        }
        double pipeline = pipelineMinutes(at);
        List<PendingCommit> commits = takeCommittedBefore(at - Math.round(pipeline * Times.MINUTE));
        if (commits.isEmpty() && s.dice.chance(0.8)) {
            return; // nothing new to ship; only sometimes a configuration-only release goes out
        }
        if (s.profile.usesStaging) {
            stage(at, commits, pipeline);
        } else {
            deployToProduction(at, commits, pipeline);
        }
    }

    private void stage(long at, List<PendingCommit> commits, double pipelineBefore) {
        boolean failed = s.dice.chance(0.05);
        SecurityGate gate = s.profile.hasSecurityGate ? SecurityGate.PASSED : SecurityGate.NOT_RUN;
        List<EvidenceKind> evidence = gate == SecurityGate.PASSED && s.dice.chance(0.5)
                ? List.of(EvidenceKind.SCAN_REPORT) : List.of();
        s.emit(EventKind.DEPLOYMENTS, at,
                deployment(at, STAGING, !failed, commits).setSecurityGate(gate).setEvidence(evidence).build());
        if (failed) {
            giveBack(commits);
            return;
        }
        long promoteAt = Times.after(at, s.dice.uniform(20, 480)); // soak in staging
        s.agenda.at(promoteAt, t -> deployToProduction(t, commits, pipelineBefore + (t - at) / (double) Times.MINUTE));
    }

    private void deployToProduction(long at, List<PendingCommit> commits, double pipelineMinutes) {
        double m = s.maturity(at);
        boolean failed = s.dice.chance(0.02 + 0.05 * (1 - m));
        SecurityGate gate = gate(at, false);
        Deployment.Builder builder = deployment(at, PRODUCTION, !failed, commits);
        applyGate(builder, gate);
        builder.setEvidence(evidence(at, gate, 1.0));
        applyTimings(builder, at, pipelineMinutes, gate);
        Deployment deployment = builder.build();
        s.emit(EventKind.DEPLOYMENTS, at, deployment);
        if (failed) {
            // The same commits go out again on the retry; only the succeeded one ships them.
            long retryAt = Times.after(at, s.dice.uniform(15, 120));
            s.agenda.at(retryAt, t -> deployToProduction(t, commits, pipelineMinutes + (t - at) / (double) Times.MINUTE));
            return;
        }
        maybeBreakProduction(at, deployment.getDeploymentId());
    }

    private List<PendingCommit> takeCommittedBefore(long cutoff) {
        List<PendingCommit> taken = new ArrayList<>();
        while (!unshipped.isEmpty() && unshipped.peekFirst().committedAt() <= cutoff) {
            taken.add(unshipped.pollFirst());
        }
        return taken;
    }

    private void giveBack(List<PendingCommit> commits) {
        for (int i = commits.size() - 1; i >= 0; i--) {
            unshipped.addFirst(commits.get(i));
        }
    }

    // ---- failures, rollbacks and hotfixes ----------------------------------------------------

    /**
     * A succeeded release that nonetheless hurts production (the change failure rate). What
     * follows depends on the team: an incident, a rollback or a hotfix, often together; a share of
     * failures are security-caused, more where controls are weak.
     */
    private void maybeBreakProduction(long at, String deploymentId) {
        double m = s.maturity(at);
        if (!s.dice.chance(0.03 + 0.25 * Math.pow(1 - m, 1.3))) {
            return;
        }
        boolean noThreatModel = !s.profile.attestations.contains(Attestation.THREAT_MODEL);
        boolean security = s.dice.chance(0.12 + 0.3 * (1 - m) + (noThreatModel ? 0.05 : 0));
        long detected = Times.after(at, Math.min(2 * 24 * 60, s.dice.logNormal(45, 1.0)));
        long restored = Times.after(detected, s.incidentLog.restoreHours(detected, security) * 60);
        long span = restored - detected;
        long remedyAt = Times.ceilToSecond(detected + (long) (span * 0.85));
        double mode = s.dice.uniform(0, 1);
        IncidentKind kind;
        boolean withIncident;
        if (mode < 0.35) {
            withIncident = true;
            kind = security ? securityKind() : serviceKind();
        } else if (mode < 0.65) {
            withIncident = s.dice.chance(0.5);
            kind = security ? IncidentKind.SECURITY_ROLLBACK : serviceKind();
            RollbackReason reason = security ? RollbackReason.SECURITY : s.dice.pick(new Dice.Weighted<RollbackReason>()
                    .add(RollbackReason.DEFECT, 50).add(RollbackReason.PERFORMANCE, 35).add(RollbackReason.OTHER, 15));
            s.agenda.at(remedyAt, t -> rollback(t, deploymentId, reason));
        } else {
            withIncident = s.dice.chance(0.5);
            kind = security ? securityKind() : serviceKind();
            HotfixCause cause = security ? HotfixCause.SECURITY_CONTROL_GAP : s.dice.pick(new Dice.Weighted<HotfixCause>()
                    .add(HotfixCause.DEFECT, 55).add(HotfixCause.CONFIGURATION, 35).add(HotfixCause.OTHER, 10));
            long commitAt = Times.ceilToSecond(detected + span / 2);
            long deployAt = Math.max(commitAt + Times.SECOND, remedyAt);
            s.agenda.at(commitAt, t -> {
                String fix = emitCommit(t, s.profile.repos.get(0), s.dice.pick(s.profile.team.engineers()));
                s.agenda.at(deployAt, d -> hotfix(d, deploymentId, cause, fix, t));
            });
        }
        if (withIncident) {
            s.incidentLog.record(detected, restored, kind, security, deploymentId);
        }
    }

    private IncidentKind securityKind() {
        return s.dice.chance(0.6) ? IncidentKind.SECURITY_EXPOSURE : IncidentKind.EMERGENCY_EXCEPTION;
    }

    private IncidentKind serviceKind() {
        return s.dice.chance(0.4) ? IncidentKind.OUTAGE : IncidentKind.DEGRADATION;
    }

    private void rollback(long at, String target, RollbackReason reason) {
        // Rolling back redeploys a known artifact; many pipelines skip the gate for it.
        SecurityGate gate = s.dice.chance(0.3) ? SecurityGate.NOT_RUN : gate(at, true);
        Deployment.Builder builder = deployment(at, PRODUCTION, true, List.of())
                .setRollbackOf(target)
                .setRollbackReason(reason);
        applyGate(builder, gate);
        builder.setEvidence(evidence(at, gate, 0.5));
        applyTimings(builder, at, s.dice.uniform(5, 30), gate);
        s.emit(EventKind.DEPLOYMENTS, at, builder.build());
    }

    private void hotfix(long at, String target, HotfixCause cause, String fixCommit, long committedAt) {
        SecurityGate gate = gate(at, true);
        Deployment.Builder builder = deployment(at, PRODUCTION, true, List.of())
                .setCommitIds(List.of(fixCommit))
                .setIsHotfix(true)
                .setHotfixFor(target)
                .setHotfixCause(cause);
        applyGate(builder, gate);
        builder.setEvidence(evidence(at, gate, 0.7));
        applyTimings(builder, at, (at - committedAt) / (double) Times.MINUTE, gate);
        s.emit(EventKind.DEPLOYMENTS, at, builder.build());
    }

    // ---- gate, evidence, timings --------------------------------------------------------------

    private SecurityGate gate(long at, boolean underPressure) {
        if (!s.profile.hasSecurityGate || s.dice.chance(0.03)) {
            return SecurityGate.NOT_RUN;
        }
        double bypass = (0.01 + 0.14 * (1 - s.maturity(at)))
                * (underPressure ? 3 : 1)
                * s.profile.team.bypassPressureAt(at);
        return s.dice.chance(Math.min(0.9, bypass)) ? SecurityGate.BYPASSED : SecurityGate.PASSED;
    }

    private void applyGate(Deployment.Builder builder, SecurityGate gate) {
        builder.setSecurityGate(gate);
        if (gate == SecurityGate.BYPASSED && !s.dice.chance(0.05)) { // a few bypasses leave no reason
            String reason = s.dice.pick(Vocabulary.BYPASS_REASONS);
            builder.setGateBypassReason(reason.contains("%d") ? String.format(reason, s.dice.between(100, 999)) : reason);
        }
    }

    /** Evidence kinds in contract order; complete for disciplined (mature, tier-1, regulated) services. */
    private List<EvidenceKind> evidence(long at, SecurityGate gate, double scale) {
        double m = s.maturity(at);
        double discipline = Math.max(0, Math.min(1, s.profile.evidenceBias + 0.3 + 0.8 * m)) * scale;
        List<EvidenceKind> evidence = new ArrayList<>();
        if (s.dice.chance(discipline * 0.95)) {
            evidence.add(EvidenceKind.SBOM);
        }
        if (s.dice.chance(discipline * (0.2 + 0.6 * m))) {
            evidence.add(EvidenceKind.PROVENANCE);
        }
        if (s.dice.chance(discipline * (0.2 + 0.6 * m))) {
            evidence.add(EvidenceKind.SIGNATURE);
        }
        if (gate != SecurityGate.NOT_RUN && s.dice.chance(0.02 + discipline * 0.96)) {
            evidence.add(EvidenceKind.SCAN_REPORT);
        }
        boolean needsApproval = s.profile.tier == Tier.TIER_1 || s.profile.regulated;
        if (s.dice.chance(needsApproval ? 0.8 : 0.25)) {
            evidence.add(EvidenceKind.APPROVAL);
        }
        return evidence;
    }

    /** Merge-to-production minutes: half an hour for elite teams, more than a day for struggling ones. */
    private double pipelineMinutes(long at) {
        double m = s.maturity(at);
        double median = 30 * Math.pow(60, 1 - m) * (s.profile.tier == Tier.TIER_1 ? 1.3 : 1.0);
        return s.dice.logNormal(median, 0.6);
    }

    private void applyTimings(Deployment.Builder builder, long at, double pipelineMinutes, SecurityGate gate) {
        if (s.dice.chance(0.07)) {
            return; // pipeline not instrumented for this release
        }
        long pipeline = Math.max(1, Math.round(pipelineMinutes));
        builder.setPipelineMinutes(pipeline);
        if (s.dice.chance(0.1)) {
            return; // the security stages did not report their timings
        }
        double m = s.maturity(at);
        double medianShare = (0.08 + 0.35 * (1 - m) + (s.profile.tier == Tier.TIER_1 ? 0.1 : 0))
                * (gate == SecurityGate.NOT_RUN ? 0.1 : 1);
        double share = Math.min(1, s.dice.logNormal(medianShare, 0.5));
        builder.setSecurityWaitMinutes(Math.min(pipeline, Math.round(pipeline * share)));
    }

    private Deployment.Builder deployment(long at, String environment, boolean succeeded, List<PendingCommit> commits) {
        List<String> ids = new ArrayList<>(commits.size());
        for (PendingCommit commit : commits) {
            ids.add(commit.id());
        }
        return Deployment.newBuilder()
                .setDeploymentId(s.newDeploymentId())
                .setServiceId(s.id())
                .setEnvironment(environment)
                .setStatus(succeeded ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED)
                .setDeployedAt(Instant.ofEpochMilli(at))
                .setCommitIds(ids)
                .setIsHotfix(false)
                .setHotfixFor(null)
                .setHotfixCause(null)
                .setRollbackOf(null)
                .setRollbackReason(null)
                .setGateBypassReason(null)
                .setPipelineMinutes(null)
                .setSecurityWaitMinutes(null);
    }
}
