package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.HotfixCause;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.RollbackReason;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.delivery.DeliveryContributions;
import com.devsecopsmetrics.metrics.delivery.FailureLink;
import com.devsecopsmetrics.metrics.delivery.IncidentHistory;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The delivery facts of a service: commits, deployments and incidents, and the indexes between them (the
 * deployments shipping a commit, the links that mark a deployment failed, the security gates in time order, each
 * day's deployments). A fact's contribution reads its neighbours, so a change re-derives every fact it touches.
 */
final class DeliveryFacts {
    private final DayBook dayBook;
    private final Set<EvidenceKind> requiredEvidence;
    private final KeyValueStore<String, CommitFacts> commits;
    private final KeyValueStore<String, Deployment> deployments;
    private final KeyValueStore<String, String> failureLinks;
    private final KeyValueStore<String, String> gates;
    private final KeyValueStore<String, List<Incident>> incidents;
    private final KeyValueStore<String, String> dayDeployments;

    DeliveryFacts(ProcessorContext<?, ?> context, DayBook dayBook, Set<EvidenceKind> requiredEvidence) {
        this.dayBook = dayBook;
        this.requiredEvidence = requiredEvidence;
        commits = context.getStateStore(LedgerStores.COMMITS);
        deployments = context.getStateStore(LedgerStores.DEPLOYMENTS);
        failureLinks = context.getStateStore(LedgerStores.FAILURE_LINKS);
        gates = context.getStateStore(LedgerStores.GATES);
        incidents = context.getStateStore(LedgerStores.INCIDENTS);
        dayDeployments = context.getStateStore(LedgerStores.DAY_DEPLOYMENTS);
    }

    // ---- commits -------------------------------------------------------------------------------------------

    void onCommit(String service, Commit c) {
        String key = LedgerKeys.of(service, c.getCommitId());
        CommitFacts facts = CommitFacts.orNone(commits.get(key));
        Commit old = facts.commit();
        if (old != null && !EventVersions.replaces(c, old, c.getCommittedAt(), old.getCommittedAt())) {
            return;
        }
        commits.put(key, facts.withCommit(c));
        Instant earliest = earliestDeployment(facts);
        // A commit's contribution follows from the commit and its earliest deployment, so the old one is derived.
        dayBook.applyDifference(service, DeliveryContributions.commit(old, earliest), DeliveryContributions.commit(c, earliest));
    }

    private static Instant earliestDeployment(CommitFacts facts) {
        String first = SortedEntries.first(facts.deployments()); // "deployed_at|deployment", the earliest
        return first == null ? null : LedgerKeys.parseTime(first.substring(0, first.indexOf(LedgerKeys.SEP)));
    }

    /**
     * Moves a commit's listing from the version of a deployment that {@code d} replaces ({@code old}, or null) to
     * {@code d}, and re-derives the commit's contribution if its earliest deployment moved: the commit's row is read
     * once and written only if its listing changed (a re-sent deployment changes nothing).
     */
    private void relist(String service, String commitId, Listing old, Listing d) {
        String key = LedgerKeys.of(service, commitId);
        CommitFacts facts = CommitFacts.orNone(commits.get(key));
        TreeSet<String> entries = SortedEntries.decode(facts.deployments());
        if (old.ships(commitId)) {
            entries.remove(old.entry());
        }
        if (d.ships(commitId)) {
            entries.add(d.entry());
        }
        String listing = SortedEntries.encode(entries);
        if (Objects.equals(listing, facts.deployments())) {
            return;
        }
        CommitFacts updated = facts.withDeployments(listing);
        LedgerStores.putOrDelete(commits, key, updated, CommitFacts::isEmpty);
        Instant before = earliestDeployment(facts);
        Instant after = earliestDeployment(updated);
        if (!Objects.equals(before, after)) {
            dayBook.applyDifference(service, DeliveryContributions.commit(facts.commit(), before),
                    DeliveryContributions.commit(facts.commit(), after));
        }
    }

    /** The commits a production deployment lists and its entry in their listings; nothing for any other deployment. */
    private record Listing(Set<String> commitIds, String entry) {
        static final Listing NONE = new Listing(Set.of(), null);

        static Listing of(Deployment d) {
            return d == null || !DeliveryContributions.isDeployment(d) ? NONE
                    : new Listing(new HashSet<>(d.getCommitIds()), LedgerKeys.of(LedgerKeys.time(d.getDeployedAt()), d.getDeploymentId()));
        }

        boolean ships(String commitId) {
            return commitIds.contains(commitId);
        }
    }

    // ---- deployments ---------------------------------------------------------------------------------------

    void onDeployment(String service, Deployment d) {
        String key = LedgerKeys.of(service, d.getDeploymentId());
        Deployment old = deployments.get(key);
        if (old != null && !EventVersions.replaces(d, old, d.getDeployedAt(), old.getDeployedAt())) {
            return;
        }
        deployments.put(key, d);
        Set<String> touchedCommits = new TreeSet<>(d.getCommitIds());
        Set<String> touchedDeployments = new LinkedHashSet<>();
        List<Instant> gateChanges = new ArrayList<>();
        if (old != null) {
            touchedCommits.addAll(old.getCommitIds());
            index(service, old, false, touchedDeployments, gateChanges);
        }
        index(service, d, true, touchedDeployments, gateChanges);
        Listing oldListing = Listing.of(old);
        Listing newListing = Listing.of(d);
        touchedCommits.forEach(commitId -> relist(service, commitId, oldListing, newListing));
        for (Instant t : gateChanges) {
            touchedDeployments.addAll(bypassesResolvedAround(service, t));
        }
        touchedDeployments.add(d.getDeploymentId());
        touchedDeployments.forEach(id -> recomputeDeployment(service, id));
    }

    /**
     * Adds a production deployment to every index but its commits' listings ({@code present}), or takes the version
     * it replaces out of them: one routine both ways, so a replaced version leaves exactly what it put in. Collects
     * the deployments whose failure links changed and the times of passing gates that came or went.
     */
    private void index(String service, Deployment d, boolean present, Set<String> touched, List<Instant> gateChanges) {
        if (!DeliveryContributions.isDeployment(d)) {
            return;
        }
        String time = LedgerKeys.time(d.getDeployedAt());
        if (d.getRollbackOf() != null) {
            link(service, d.getRollbackOf(), new FailureLink(FailureLink.Kind.ROLLBACK, d.getDeploymentId(),
                    d.getRollbackReason() == RollbackReason.SECURITY), present);
            touched.add(d.getRollbackOf());
        }
        if (d.getHotfixFor() != null) {
            link(service, d.getHotfixFor(), new FailureLink(FailureLink.Kind.HOTFIX, d.getDeploymentId(),
                    d.getHotfixCause() == HotfixCause.SECURITY_CONTROL_GAP), present);
            touched.add(d.getHotfixFor());
        }
        String deployedDay = LedgerKeys.of(service, LedgerKeys.day(Contribution.dayOf(d.getDeployedAt())));
        SortedEntries.update(dayDeployments, deployedDay, dayDeploymentEntry(d), present);
        dayBook.markDirty(deployedDay); // the day's practice evidence reads its last deployment
        String gateKey = LedgerKeys.of(service, time, d.getDeploymentId());
        if (present) {
            if (d.getSecurityGate() != SecurityGate.NOT_RUN) {
                gates.put(gateKey, d.getSecurityGate().name());
                if (d.getSecurityGate() == SecurityGate.PASSED) {
                    gateChanges.add(d.getDeployedAt());
                }
            }
        } else if (gates.delete(gateKey) != null && d.getSecurityGate() == SecurityGate.PASSED) {
            gateChanges.add(d.getDeployedAt());
        }
    }

    /**
     * The bypassed deployments whose next passing deployment may have changed because a passing deployment
     * at {@code t} came or went: those after the previous passing deployment before {@code t}, up to {@code t}.
     */
    private Set<String> bypassesResolvedAround(String service, Instant t) {
        String upper = LedgerKeys.of(service, LedgerKeys.time(t)) + LedgerKeys.SEP + '\uffff';
        String lower = LedgerKeys.prefix(service);
        Set<String> bypassed = new LinkedHashSet<>();
        try (KeyValueIterator<String, String> it = gates.reverseRange(lower, upper)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                String[] parts = LedgerKeys.split(kv.key);
                boolean atT = LedgerKeys.parseTime(parts[1]).equals(t);
                if (SecurityGate.PASSED.name().equals(kv.value) && !atT) {
                    break;
                }
                if (SecurityGate.BYPASSED.name().equals(kv.value)) {
                    bypassed.add(parts[2]);
                }
            }
        }
        return bypassed;
    }

    private void recomputeDeployment(String service, String deploymentId) {
        Deployment d = deployments.get(LedgerKeys.of(service, deploymentId));
        List<FailureLink> links = new ArrayList<>();
        for (String entry : SortedEntries.decode(failureLinks.get(LedgerKeys.of(service, deploymentId)))) {
            String[] parts = LedgerKeys.split(entry);
            links.add(new FailureLink(FailureLink.Kind.valueOf(parts[0]), parts[1], "1".equals(parts[2])));
        }
        Instant nextPassed = d != null && DeliveryContributions.isDeployment(d) && d.getSecurityGate() == SecurityGate.BYPASSED
                ? nextPassedAfter(service, d.getDeployedAt()) : null;
        dayBook.apply(service, LedgerKeys.of(service, "D", deploymentId),
                DeliveryContributions.deployment(d, links, nextPassed, requiredEvidence));
    }

    private Instant nextPassedAfter(String service, Instant after) {
        String from = LedgerKeys.of(service, LedgerKeys.time(after.plusMillis(1)));
        String to = LedgerKeys.prefix(service) + '\uffff';
        try (KeyValueIterator<String, String> it = gates.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                if (SecurityGate.PASSED.name().equals(kv.value)) {
                    return LedgerKeys.parseTime(LedgerKeys.split(kv.key)[1]);
                }
            }
        }
        return null;
    }

    /** deployed_at|id|gate passed or bypassed|required evidence attached: what the CI_GATE and RELEASE_EVIDENCE practices read. */
    private String dayDeploymentEntry(Deployment d) {
        boolean gated = d.getSecurityGate() == SecurityGate.PASSED || d.getSecurityGate() == SecurityGate.BYPASSED;
        boolean evidenced = d.getEvidence().containsAll(requiredEvidence);
        return LedgerKeys.of(LedgerKeys.time(d.getDeployedAt()), d.getDeploymentId(), gated ? "1" : "0", evidenced ? "1" : "0");
    }

    // ---- incidents -----------------------------------------------------------------------------------------

    void onIncident(String service, Incident i) {
        String key = LedgerKeys.of(service, i.getIncidentId());
        List<Incident> before = incidents.get(key);
        List<Incident> after = IncidentHistory.with(before, i);
        if (after == null) {
            return;
        }
        incidents.put(key, after);
        Incident oldNewest = IncidentHistory.newest(before).orElse(null);
        Incident newNewest = IncidentHistory.newest(after).orElseThrow();
        Set<String> touched = new LinkedHashSet<>();
        if (oldNewest != null && oldNewest.getCausedByDeploymentId() != null) {
            linkIncident(service, i.getIncidentId(), oldNewest, false);
            touched.add(oldNewest.getCausedByDeploymentId());
        }
        if (newNewest.getCausedByDeploymentId() != null) {
            linkIncident(service, i.getIncidentId(), newNewest, true);
            touched.add(newNewest.getCausedByDeploymentId());
        }
        touched.forEach(id -> recomputeDeployment(service, id));
        dayBook.apply(service, LedgerKeys.of(service, "I", i.getIncidentId()), IncidentHistory.contribution(after));
    }

    /** Links an incident, as one version of it says, to the deployment that caused it. */
    private void linkIncident(String service, String incidentId, Incident version, boolean present) {
        link(service, version.getCausedByDeploymentId(), new FailureLink(FailureLink.Kind.INCIDENT, incidentId,
                version.getSecurityRelated()), present);
    }

    private void link(String service, String target, FailureLink link, boolean present) {
        SortedEntries.update(failureLinks, LedgerKeys.of(service, target),
                LedgerKeys.of(link.kind().name(), link.linkId(), link.security() ? "1" : "0"), present);
    }
}
