package com.devsecopsmetrics.ledger;

/** An event older than the retention horizon; it goes to the dead-letter topic rather than being dropped silently. */
public class ExpiredEvent extends RuntimeException {
    public ExpiredEvent(String message) {
        super(message);
    }
}
