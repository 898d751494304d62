package com.devsecopsmetrics.metrics.delivery;

/**
 * Something that marks a deployment as failed: an incident that names it, or a rollback or hotfix of it.
 * {@code security} when the incident is security related, the rollback's reason is SECURITY or the hotfix's
 * cause is SECURITY_CONTROL_GAP.
 */
public record FailureLink(Kind kind, String linkId, boolean security) {
    public enum Kind { INCIDENT, ROLLBACK, HOTFIX }
}
