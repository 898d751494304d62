package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.contract.ContractViolation;

/** An event older than the retention horizon; it goes to the dead-letter topic rather than being dropped silently. */
public class ExpiredEvent extends ContractViolation {
    public ExpiredEvent(String message) {
        super(message);
    }
}
