package com.devsecopsmetrics.contract;

/**
 * An event that breaks the contract of DESIGN §3 and §7; the message says which field and why. Loaders and
 * connectors report it to whoever sent the event, the application puts it in the dead-letter topic's headers.
 */
public class ContractViolation extends RuntimeException {
    public ContractViolation(String message) {
        super(message);
    }
}
