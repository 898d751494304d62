package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.StatusHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * All lifecycle events of one finding, deduplicated and in the order DESIGN §3 reads them: event time, then
 * OPENED < TRIAGED < REOPENED < RISK_ACCEPTED = FALSE_POSITIVE < FIXED.
 */
public final class FindingHistory {
    private static final Map<FindingStatus, Integer> RANK = Map.of(
            FindingStatus.OPENED, 0, FindingStatus.TRIAGED, 1, FindingStatus.REOPENED, 2,
            FindingStatus.RISK_ACCEPTED, 3, FindingStatus.FALSE_POSITIVE, 3, FindingStatus.FIXED, 4);

    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::getOccurredAt)
            .thenComparing(f -> RANK.get(f.getStatus()))
            .thenComparing(f -> f.getStatus().name())
            .thenComparing(Finding::toString);

    /** An open episode: from the event that opened it to the one that ended it (null while still open). */
    public record Episode(Instant start, Instant end, FindingStatus endedBy) {
        public boolean isOpen() {
            return end == null;
        }

        public boolean openAt(Instant t) {
            return !start.isAfter(t) && (end == null || end.isAfter(t));
        }
    }

    private FindingHistory() {
    }

    /** Adds {@code event}; returns null when the history already had it (or a same-time variant that wins the tie). */
    public static List<Finding> with(List<Finding> history, Finding event) {
        return StatusHistory.with(history, event, Finding::getStatus, Finding::getOccurredAt, ORDER);
    }

    /** The newest event up to and including {@code asOf} (or overall when null): it carries the attributes. */
    public static Finding newest(List<Finding> history, Instant asOf) {
        Finding newest = null;
        for (Finding e : history) {
            if (asOf == null || !e.getOccurredAt().isAfter(asOf)) {
                newest = e;
            }
        }
        return newest;
    }

    /**
     * What a complete scan (one with {@code finding_ids}) of the finding's scanner says about it: not observed
     * closes it like FIXED; observed again reopens it, but only after a fix (DESIGN §3).
     */
    public record ScanObservation(Instant at, boolean observed) {
    }

    public static List<Episode> episodes(List<Finding> history) {
        return episodes(history, List.of());
    }

    /** The finding's state from {@code at} on: open (since {@code episodeStart}), accepted, or closed. */
    public enum State { OPEN, ACCEPTED, CLOSED }

    /** A change of state or attributes; a snapshot at time t reads the last point before t. */
    public record StatePoint(Instant at, State state, Instant episodeStart, Severity severity, Exploitability exploitability) {
    }

    /**
     * The open episodes, read in order: open while not open starts one, a closing status while open ends it.
     * Scan observations are read in the same order, after the finding's own events at the same instant.
     */
    public static List<Episode> episodes(List<Finding> history, List<ScanObservation> scans) {
        return collect(history, scans, (episode, point) -> episode);
    }

    /** Every state the finding passes through, with the attributes of its newest event at that time. */
    public static List<StatePoint> timeline(List<Finding> history, List<ScanObservation> scans) {
        return collect(history, scans, (episode, point) -> point);
    }

    /** What {@code pick} takes from each step of the walk, leaving out the steps it takes nothing from. */
    private static <T> List<T> collect(List<Finding> history, List<ScanObservation> scans, BiFunction<Episode, StatePoint, T> pick) {
        List<T> picked = new ArrayList<>();
        walk(history, scans, (episode, point) -> {
            T t = pick.apply(episode, point);
            if (t != null) {
                picked.add(t);
            }
        });
        return picked;
    }

    private interface Walker {
        /** An episode that ended (or, at the end, one still open), and/or the state after a step. */
        void step(Episode ended, StatePoint after);
    }

    private static void walk(List<Finding> history, List<ScanObservation> scans, Walker walker) {
        List<ScanObservation> observations = new ArrayList<>(scans);
        observations.sort(Comparator.comparing(ScanObservation::at).thenComparing(ScanObservation::observed));
        Instant start = null;
        FindingStatus lastEnd = null;
        Finding attributes = null;
        Instant expiry = null; // when the acceptance in force lapses (accepted_until), read as a REOPENED then
        int next = 0;
        for (int i = 0; i <= history.size(); i++) {
            Finding e = i < history.size() ? history.get(i) : null;
            while (true) {
                ScanObservation o = next < observations.size()
                        && (e == null || observations.get(next).at().isBefore(e.getOccurredAt())) ? observations.get(next) : null;
                if (expiry != null && (o != null ? !expiry.isAfter(o.at()) : AcceptanceExpiry.comesBefore(expiry, e))) {
                    start = expiry;
                    expiry = null;
                    walker.step(null, point(start, State.OPEN, start, attributes));
                    continue;
                }
                if (o == null) {
                    break;
                }
                next++;
                if (attributes == null) {
                    continue; // nothing to close or reopen before the finding's first event
                }
                if (!o.observed() && start != null) {
                    walker.step(new Episode(start, o.at(), FindingStatus.FIXED), point(o.at(), State.CLOSED, null, attributes));
                    start = null;
                    lastEnd = FindingStatus.FIXED;
                } else if (o.observed() && start == null && lastEnd == FindingStatus.FIXED) {
                    start = o.at();
                    walker.step(null, point(o.at(), State.OPEN, start, attributes));
                }
            }
            if (e == null) {
                break;
            }
            attributes = e;
            FindingStatus s = e.getStatus();
            if ((s == FindingStatus.OPENED || s == FindingStatus.REOPENED) && start == null) {
                start = e.getOccurredAt();
                expiry = null;
            } else if ((s == FindingStatus.FIXED || s == FindingStatus.RISK_ACCEPTED || s == FindingStatus.FALSE_POSITIVE)
                    && start != null) {
                walker.step(new Episode(start, e.getOccurredAt(), s), null);
                start = null;
                lastEnd = s;
                expiry = AcceptanceExpiry.of(e);
            } else if (start == null && lastEnd == FindingStatus.RISK_ACCEPTED) {
                expiry = AcceptanceExpiry.whileAccepted(e, expiry);
            }
            State state = start != null ? State.OPEN : lastEnd == FindingStatus.RISK_ACCEPTED ? State.ACCEPTED : State.CLOSED;
            walker.step(null, point(e.getOccurredAt(), state, start, attributes));
        }
        if (start != null) {
            walker.step(new Episode(start, null, null), null);
        }
    }

    private static StatePoint point(Instant at, State state, Instant episodeStart, Finding attributes) {
        return new StatePoint(at, state, episodeStart, attributes.getSeverity(), attributes.getExploitability());
    }

    public static Instant firstTriaged(List<Finding> history) {
        return history.stream().filter(e -> e.getStatus() == FindingStatus.TRIAGED).map(Finding::getOccurredAt)
                .findFirst().orElse(null);
    }

    public static boolean isExploitable(Finding attributes) {
        return attributes.getExploitability() == Exploitability.PROVEN || attributes.getExploitability() == Exploitability.LIKELY;
    }

    public static boolean isSecret(Finding attributes) {
        return attributes.getCategory() == FindingCategory.SECRET;
    }
}
