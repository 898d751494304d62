package com.devsecopsmetrics.connectors.convert;

import java.time.Instant;
import java.util.Optional;

/**
 * What the transport knows about a payload beside its body: the event type (GitHub's {@code X-GitHub-Event}), a
 * service, repository or commit given by the sender (headers or query of the webhook, {@code --service} of the
 * CLI), the SARIF scan type override, and when it was received (the event time of last resort, for payloads
 * that carry none).
 */
public record SourceContext(Optional<String> eventType, Optional<String> service, Optional<String> repo,
                            Optional<String> commit, Optional<String> scanType, Instant receivedAt) {
    public static SourceContext receivedAt(Instant at) {
        return new SourceContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), at);
    }

    public SourceContext withEventType(String type) {
        return new SourceContext(Optional.ofNullable(type), service, repo, commit, scanType, receivedAt);
    }

    public SourceContext withService(String s) {
        return new SourceContext(eventType, Optional.ofNullable(s), repo, commit, scanType, receivedAt);
    }

    public SourceContext withRepo(String r) {
        return new SourceContext(eventType, service, Optional.ofNullable(r), commit, scanType, receivedAt);
    }

    public SourceContext withCommit(String c) {
        return new SourceContext(eventType, service, repo, Optional.ofNullable(c), scanType, receivedAt);
    }

    public SourceContext withScanType(String t) {
        return new SourceContext(eventType, service, repo, commit, Optional.ofNullable(t), receivedAt);
    }
}
