package com.devsecopsmetrics.connectors.history;

/**
 * An API answer the import cannot use: a status other than success after the retries, a body too large or not JSON,
 * a page link to another host. The message names the request path and status, never a header value.
 */
public final class ApiUnavailable extends RuntimeException {
    private final int status;

    public ApiUnavailable(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the last answer, 0 when none came (connection failure, bad body). */
    public int status() {
        return status;
    }

    /** 403 and 404: the feature is not enabled for this repository or the token may not read it. */
    public boolean notAvailableHere() {
        return status == 403 || status == 404;
    }
}
