package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingStatus;

import java.time.Instant;

/**
 * An acceptance that expires ({@code accepted_until} on the RISK_ACCEPTED that ended an episode) reopens the finding
 * at that time exactly as a REOPENED event of the finding would: it starts an episode (counted as reopened, aged from
 * then, open in every snapshot after it). Order at equal times is a REOPENED's: after OPENED and TRIAGED, before
 * RISK_ACCEPTED, FALSE_POSITIVE and FIXED, and before the complete scans of that instant.
 * While the finding stays accepted, its later events decide the expiry: a RISK_ACCEPTED renews it (its own
 * accepted_until, or none: accepted for good), a FIXED or FALSE_POSITIVE cancels it (the finding no longer needs
 * reopening). An OPENED or REOPENED before it starts an episode anyway, so the expiry has nothing left to do.
 */
final class AcceptanceExpiry {
    private AcceptanceExpiry() {
    }

    /** The expiry an event that ended an episode leaves behind: only an acceptance's, and only if it has one. */
    static Instant of(Finding ending) {
        return ending.getStatus() == FindingStatus.RISK_ACCEPTED ? ending.getAcceptedUntil() : null;
    }

    /** The expiry after {@code e}, an event of the finding while it is accepted. */
    static Instant whileAccepted(Finding e, Instant expiry) {
        return switch (e.getStatus()) {
            case RISK_ACCEPTED -> e.getAcceptedUntil();
            case FIXED, FALSE_POSITIVE -> null;
            default -> expiry;
        };
    }

    /** Whether an expiry at {@code at} is read before {@code e} (null: the end of the history, so it always is). */
    static boolean comesBefore(Instant at, Finding e) {
        if (e == null || at.isBefore(e.getOccurredAt())) {
            return true;
        }
        FindingStatus s = e.getStatus();
        return at.equals(e.getOccurredAt()) && (s == FindingStatus.RISK_ACCEPTED || s == FindingStatus.FALSE_POSITIVE || s == FindingStatus.FIXED);
    }
}
