package com.devsecopsmetrics.connectors.convert;

/** A body that is not JSON at all (the webhook answers 400; a payload that is JSON but cannot be converted gets 422). */
public class MalformedPayload extends UnreadablePayload {
    public MalformedPayload(String message, Throwable cause) {
        super(message, cause);
    }
}
