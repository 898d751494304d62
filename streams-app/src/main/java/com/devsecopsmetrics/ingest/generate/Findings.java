package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finding lifecycles of one service. A finding's whole life is decided when it is first seen
 * (triage, maybe a re-score, then fix, risk acceptance or false positive, maybe a recurrence) and
 * its events are queued for their times; lifecycles still running at the end of the history are
 * simply unfinished. The plans are kept while they matter so scans can count what is open.
 */
final class Findings {

    /**
     * acceptedUntil: when the acceptance of a RISK_ACCEPTED step lapses; implied: a REOPENED that such a lapse
     * already says, so it is planned (scan counts see it) but not sent.
     */
    private record Step(long at, FindingStatus status, Severity severity, Exploitability exploitability,
                        String scanId, Long acceptedUntil, boolean implied) {
        Step(long at, FindingStatus status, Severity severity, Exploitability exploitability, String scanId) {
            this(at, status, severity, exploitability, scanId, null, false);
        }
    }

    /** The planned events of one finding, in time order. */
    private static final class Lifecycle {
        final String scanner;
        final List<Step> steps = new ArrayList<>();

        Lifecycle(String scanner) {
            this.scanner = scanner;
        }

        void add(long at, FindingStatus status, Severity severity, Exploitability exploitability, String scanId) {
            steps.add(new Step(at, status, severity, exploitability, scanId));
        }

        /** The last step (an acceptance) lapses at {@code until}, where a REOPENED, if planned, goes unsent. */
        void lapse(long until) {
            Step accepted = steps.remove(steps.size() - 1);
            steps.add(new Step(accepted.at(), accepted.status(), accepted.severity(), accepted.exploitability(),
                    accepted.scanId(), until, false));
        }

        void implyReopen(long at) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                if (step.at() == at && step.status() == FindingStatus.REOPENED) {
                    steps.set(i, new Step(at, step.status(), step.severity(), step.exploitability(), step.scanId(), null, true));
                }
            }
        }

        long lastAt() {
            return steps.get(steps.size() - 1).at();
        }

        /** Severity if the finding is open at {@code at}, else null. */
        Severity openSeverityAt(long at) {
            boolean open = false;
            Severity severity = null;
            for (Step step : steps) {
                if (step.at() > at) {
                    break;
                }
                switch (step.status()) {
                    case OPENED, REOPENED -> open = true;
                    case FIXED, RISK_ACCEPTED, FALSE_POSITIVE -> open = false;
                    case TRIAGED -> { }
                }
                severity = step.severity();
            }
            return open ? severity : null;
        }

        boolean closedForGoodBefore(long at) {
            return lastAt() < at && openSeverityAt(Long.MAX_VALUE) == null;
        }
    }

    private static final Dice.Weighted<Severity> REPORTED_SEVERITY = new Dice.Weighted<Severity>()
            .add(Severity.CRITICAL, 15).add(Severity.HIGH, 50).add(Severity.MEDIUM, 30).add(Severity.LOW, 5);
    private static final Dice.Weighted<Exploitability> REPORTED_EXPLOITABILITY = new Dice.Weighted<Exploitability>()
            .add(Exploitability.PROVEN, 40).add(Exploitability.LIKELY, 40).add(Exploitability.PLAUSIBLE, 20);

    private final ServiceSimulation s;
    private final List<Lifecycle> tracked = new ArrayList<>();
    /** OrganisationSpec#expiringAcceptances: off keeps the organisations pinned before accepted_until existed. */
    private boolean expiringAcceptances;

    void expiringAcceptances(boolean on) {
        expiringAcceptances = on;
    }

    Findings(ServiceSimulation s) {
        this.s = s;
    }

    /** Findings no scanner reports: penetration tests and bug bounty, mostly on exposed services. */
    void start(long at) {
        s.every(at, reportsPerDay(), this::reported);
    }

    private double reportsPerDay() {
        return s.profile.internetFacing && s.profile.tier == Tier.TIER_1 ? 1.0 / 120 : 1.0 / 600;
    }

    private void reported(long at) {
        s.every(at, reportsPerDay(), this::reported);
        FindingCategory category = s.dice.chance(0.7) ? FindingCategory.CODE : FindingCategory.OTHER;
        plan(at, category, null, null, s.dice.pick(REPORTED_SEVERITY), s.dice.pick(REPORTED_EXPLOITABILITY));
    }

    /** A scanner reports a new finding. */
    void open(long at, FindingCategory category, String scanner, String scanId) {
        plan(at, category, scanner, scanId, s.dice.pick(Vocabulary.severities(category)),
                s.dice.pick(Vocabulary.exploitabilities(category)));
    }

    /** Open findings of this scanner at {@code at}, by severity (critical, high, medium, low). */
    int[] openCounts(String scanner, long at) {
        tracked.removeIf(life -> life.closedForGoodBefore(at));
        int[] counts = new int[4];
        for (Lifecycle life : tracked) {
            if (scanner.equals(life.scanner)) {
                Severity severity = life.openSeverityAt(at);
                if (severity != null) {
                    counts[severity.ordinal()]++;
                }
            }
        }
        return counts;
    }

    private void plan(long at, FindingCategory category, String scanner, String scanId, Severity severity,
                      Exploitability exploitability) {
        double m = s.maturity(at);
        String id = s.newFindingId();
        String defectClass = s.dice.pick(Vocabulary.defectClasses(category));
        boolean inNewCode = s.dice.chance(newCodeShare(category));
        Lifecycle life = new Lifecycle(scanner);
        Severity sev = severity;
        Exploitability exp = exploitability;
        life.add(at, FindingStatus.OPENED, sev, exp, scanId);

        Long triagedAt = s.dice.chance(0.1 + 0.2 * (1 - m)) ? null
                : Times.after(at, s.dice.logNormal(4 * Math.pow(30, 1 - m), 0.9) * 60);
        FindingStatus closing;
        long closedAt = Long.MAX_VALUE;
        if (triagedAt != null && s.dice.chance(category == FindingCategory.CODE ? 0.12 : 0.06)) {
            closing = FindingStatus.FALSE_POSITIVE;
            closedAt = Times.after(triagedAt, s.dice.uniform(5, 240));
        } else if (category == FindingCategory.SECRET) {
            closing = FindingStatus.FIXED; // fixed = rotated, within hours to days
            closedAt = Times.after(at, s.dice.logNormal(4 * Math.pow(15, 1 - m), 0.8) * 60);
        } else if (s.dice.chance(0.1 + 0.15 * (1 - m))) {
            closing = null; // joins the long-lived backlog
        } else if (s.dice.chance(sev == Severity.LOW || sev == Severity.MEDIUM ? 0.12 : 0.04)) {
            closing = FindingStatus.RISK_ACCEPTED;
            closedAt = Times.after(triagedAt != null ? triagedAt : at, s.dice.uniform(1, 20) * 24 * 60);
        } else {
            closing = FindingStatus.FIXED;
            closedAt = Times.after(at, remediationDays(sev, exp, m) * 24 * 60);
        }
        if (triagedAt != null && triagedAt >= closedAt) {
            // Fixed before the formal triage would have happened: the triage note lands midway.
            long midway = Times.ceilToSecond(at + (closedAt - at) / 2);
            triagedAt = midway > at && midway < closedAt ? midway : null;
        }
        if (triagedAt != null) {
            life.add(triagedAt, FindingStatus.TRIAGED, sev, exp, null);
        }
        if (s.dice.chance(0.06)) {
            // Re-scored while open: a new exploit is published, or the first severity was wrong.
            long from = life.lastAt();
            long until = closing == null ? from + 40 * Times.DAY : closedAt;
            long rescoredAt = Times.ceilToSecond(from + (long) ((until - from) * s.dice.uniform(0.2, 0.8)));
            if (rescoredAt > from && rescoredAt < until) {
                Severity newSeverity = shift(sev);
                Exploitability newExploitability = s.dice.chance(0.5) ? shift(exp) : exp;
                sev = newSeverity;
                exp = newExploitability;
                life.add(rescoredAt, s.dice.chance(0.5) ? FindingStatus.OPENED : FindingStatus.TRIAGED, sev, exp, null);
            }
        }
        if (closing != null) {
            life.add(closedAt, closing, sev, exp, null);
            if (closing == FindingStatus.FIXED && s.dice.chance(0.07 + 0.08 * (1 - m))) {
                recur(life, Times.after(closedAt, s.dice.uniform(3, 60) * 24 * 60), sev, exp, m, 0.8);
            } else if (closing == FindingStatus.RISK_ACCEPTED && s.dice.chance(0.3)) {
                // The exception expired and the finding is back.
                long reopenedAt = Times.after(closedAt, s.dice.uniform(30, 90) * 24 * 60);
                recur(life, reopenedAt, sev, exp, m, 0.7);
                if (expiringAcceptances) {
                    expire(life, closedAt, reopenedAt);
                }
            } else if (closing == FindingStatus.RISK_ACCEPTED && expiringAcceptances && (id.hashCode() & 1) == 1) {
                // An exception for a quarter and a half (no dice, so the rest of the history stays as it was): it
                // lapses inside the history or after its end, and nobody sends a REOPENED for it.
                life.lapse(Times.after(closedAt, 135 * 24 * 60));
            }
        }
        for (Step step : life.steps) {
            if (step.implied()) {
                continue;
            }
            s.emit(EventKind.FINDINGS, step.at(), FindingDetails.fill(Finding.newBuilder(), id, category, defectClass, scanner,
                            s.profile.repos.get(0))
                    .setFindingId(id)
                    .setServiceId(s.id())
                    .setStatus(step.status())
                    .setOccurredAt(Instant.ofEpochMilli(step.at()))
                    .setSeverity(step.severity())
                    .setExploitability(step.exploitability())
                    .setCategory(category)
                    .setDefectClass(defectClass)
                    .setInNewCode(inNewCode)
                    .setScanner(scanner)
                    .setScanId(step.scanId())
                    .setAcceptedUntil(step.acceptedUntil() == null ? null : Instant.ofEpochMilli(step.acceptedUntil()))
                    .build());
        }
        if (scanner != null) {
            tracked.add(life);
        }
    }

    /** The acceptance says when it lapses; the REOPENED is then implied, and sent only for one in two findings. */
    private static void expire(Lifecycle life, long acceptedAt, long reopenedAt) {
        int accepted = -1;
        for (int i = 0; i < life.steps.size(); i++) {
            if (life.steps.get(i).at() == acceptedAt && life.steps.get(i).status() == FindingStatus.RISK_ACCEPTED) {
                accepted = i;
            }
        }
        Step a = life.steps.get(accepted);
        life.steps.set(accepted, new Step(a.at(), a.status(), a.severity(), a.exploitability(), a.scanId(), reopenedAt, false));
        if ((reopenedAt & 1024) == 0) {
            life.implyReopen(reopenedAt);
        }
    }

    private void recur(Lifecycle life, long reopenedAt, Severity sev, Exploitability exp, double m, double fixShare) {
        life.add(reopenedAt, FindingStatus.REOPENED, sev, exp, null);
        if (s.dice.chance(fixShare)) {
            life.add(Times.after(reopenedAt, 0.7 * remediationDays(sev, exp, m) * 24 * 60), FindingStatus.FIXED, sev, exp,
                    null);
        }
    }

    /** Faster for severe, exploitable findings, tier-1 services and mature teams; long-tailed. */
    private double remediationDays(Severity severity, Exploitability exploitability, double m) {
        double median = switch (severity) {
            case CRITICAL -> 5;
            case HIGH -> 14;
            case MEDIUM -> 45;
            case LOW -> 90;
        };
        boolean exploitable = exploitability == Exploitability.PROVEN || exploitability == Exploitability.LIKELY;
        median *= (0.35 + 1.6 * (1 - m)) * (exploitable ? 0.5 : 1) * (s.profile.tier == Tier.TIER_1 ? 0.7 : 1);
        return s.dice.logNormal(median, 1.0);
    }

    private static double newCodeShare(FindingCategory category) {
        return switch (category) {
            case CODE, SECRET -> 0.45;
            case CONFIGURATION -> 0.3;
            case OTHER -> 0.2;
            case DEPENDENCY -> 0.15;
            case CONTAINER -> 0.1;
        };
    }

    private Severity shift(Severity severity) {
        Severity[] all = Severity.values();
        int i = severity.ordinal();
        int j = i == 0 ? 1 : i == all.length - 1 ? i - 1 : s.dice.chance(0.5) ? i - 1 : i + 1;
        return all[j];
    }

    private Exploitability shift(Exploitability exploitability) {
        Exploitability[] all = Exploitability.values();
        int i = exploitability.ordinal();
        return all[i == 0 ? 1 : i - 1]; // mostly upgrades: an exploit turned up
    }
}
