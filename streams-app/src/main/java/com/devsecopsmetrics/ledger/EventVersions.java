package com.devsecopsmetrics.ledger;

import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;

/** Which of two versions of one event (same id) the ledger keeps, whatever order they arrive in. */
final class EventVersions {
    private EventVersions() {
    }

    /**
     * Whether {@code candidate} replaces {@code current}: the newer event time wins, and a tie goes by content so
     * that every replica, in any arrival order, keeps the same version.
     */
    static boolean replaces(SpecificRecord candidate, SpecificRecord current, Instant candidateTime, Instant currentTime) {
        int byTime = candidateTime.compareTo(currentTime);
        return byTime != 0 ? byTime > 0 : candidate.toString().compareTo(current.toString()) > 0;
    }
}
