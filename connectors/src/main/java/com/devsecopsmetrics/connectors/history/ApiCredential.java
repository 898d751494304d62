package com.devsecopsmetrics.connectors.history;

/**
 * The header that authenticates to a tool's API. {@link #toString()} never shows the value, so a credential that
 * ends up in a log line, an exception or a debugger's view does not leak the token.
 */
public record ApiCredential(String header, String value) {
    public static ApiCredential none() {
        return new ApiCredential(null, null);
    }

    /** GitHub and GitHub Enterprise Server: {@code Authorization: Bearer <token>}. */
    public static ApiCredential github(String token) {
        return new ApiCredential("Authorization", "Bearer " + token);
    }

    /** GitLab and self-managed GitLab: a personal, group or project access token. */
    public static ApiCredential gitlab(String token) {
        return new ApiCredential("PRIVATE-TOKEN", token);
    }

    /** PagerDuty REST API key. */
    public static ApiCredential pagerduty(String token) {
        return new ApiCredential("Authorization", "Token token=" + token);
    }

    boolean present() {
        return header != null && value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return present() ? header + ": (redacted)" : "(no credential)";
    }
}
