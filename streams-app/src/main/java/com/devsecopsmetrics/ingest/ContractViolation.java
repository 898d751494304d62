package com.devsecopsmetrics.ingest;

/** An event that breaks the contract of DESIGN §3; the message says which field and why. */
public class ContractViolation extends RuntimeException {
    public ContractViolation(String message) {
        super(message);
    }
}
