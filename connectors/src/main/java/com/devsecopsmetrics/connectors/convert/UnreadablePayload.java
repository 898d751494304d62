package com.devsecopsmetrics.connectors.convert;

/** A payload that cannot be converted at all (malformed JSON, a SARIF log without runs, a missing field); the message says why. */
public class UnreadablePayload extends RuntimeException {
    public UnreadablePayload(String message) {
        super(message);
    }

    public UnreadablePayload(String message, Throwable cause) {
        super(message, cause);
    }
}
