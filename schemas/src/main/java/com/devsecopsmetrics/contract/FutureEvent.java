package com.devsecopsmetrics.contract;

/**
 * An event dated too far after the wall clock: a clock or mapping error at the source. Such an event must never
 * become stream time, or every later event would look late and every record written would carry a time the broker
 * refuses ({@code log.message.timestamp.after.max.ms}, one hour by default).
 */
public class FutureEvent extends ContractViolation {
    public FutureEvent(String message) {
        super(message);
    }
}
