package com.devsecopsmetrics.contract;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code accepted_until} of a finding event: when a risk acceptance expires (the finding then reopens). It belongs
 * to a RISK_ACCEPTED event only, and must come after the acceptance itself: an expiry on another status, or one
 * that would reopen the finding before it was accepted, says something the producer cannot have meant, so it is
 * refused rather than guessed at. It is a time to come, so the wall-clock tolerance of event times does not apply;
 * instead it is at most {@link #MAX_TERM} after the acceptance, which keeps every day it touches a real date.
 */
final class AcceptanceRule {
    static final String FIELD = "accepted_until";
    static final Duration MAX_TERM = Duration.ofDays(3660);
    private static final String ACCEPTED = "RISK_ACCEPTED";

    private AcceptanceRule() {
    }

    static void check(IndexedRecord event, Schema schema) {
        Schema.Field until = schema.getField(FIELD);
        Schema.Field status = schema.getField("status");
        Schema.Field occurred = schema.getField("occurred_at");
        if (until == null || status == null || occurred == null || event.get(until.pos()) == null) {
            return;
        }
        Instant expiry = (Instant) event.get(until.pos());
        Instant accepted = (Instant) event.get(occurred.pos());
        if (!ACCEPTED.equals(String.valueOf(event.get(status.pos())))) {
            throw new ContractViolation("field '" + FIELD + "' is only allowed on a " + ACCEPTED + " event, got status "
                    + event.get(status.pos()));
        }
        if (!expiry.isAfter(accepted)) {
            throw new ContractViolation("field '" + FIELD + "' (" + expiry + ") must be after 'occurred_at' (" + accepted + ")");
        }
        if (expiry.isAfter(accepted.plus(MAX_TERM))) {
            throw new ContractViolation("field '" + FIELD + "' (" + expiry + ") is more than " + MAX_TERM.toDays()
                    + " days after 'occurred_at' (" + accepted + "); send none for an acceptance without end");
        }
    }
}
