package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.Converters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Code scanning, secret scanning and Dependabot alerts as the webhook payloads of their state changes. The REST
 * alert carries its current state and the time of each state it reached (created, fixed, dismissed, resolved), not
 * the full history: an alert reopened and fixed again shows only its last fix, and a reopened alert that is open now
 * shows only its opening. A feature not enabled (403, 404) skips that kind of alert with a note.
 */
final class GitHubAlerts {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Listing listing;
    private final ApiClient client;
    private final ImportProgress progress;
    private final String scope;

    GitHubAlerts(Listing listing, ApiClient client, ImportProgress progress, String scope) {
        this.listing = listing;
        this.client = client;
        this.progress = progress;
        this.scope = scope;
    }

    void payloads(String fullName, ObjectNode repo, List<TimedPayload> out) {
        for (JsonNode a : alerts("code scanning alerts", fullName, "code-scanning")) {
            String ref = Listing.text(a, "most_recent_instance", "ref").orElse("");
            add(out, repo, a, "code_scanning_alert", "created", "created_at", ref);
            switch (Listing.text(a, "state").orElse("")) {
                case "fixed" -> add(out, repo, a, "code_scanning_alert", "fixed", "fixed_at", ref);
                case "dismissed" -> add(out, repo, a, "code_scanning_alert", "closed_by_user", "dismissed_at", ref);
                default -> {
                }
            }
        }
        for (JsonNode listed : alerts("secret scanning alerts", fullName, "secret-scanning")) {
            // the REST alert carries the secret itself; no event needs it, so it is dropped before anything holds on to it
            ObjectNode a = ((ObjectNode) listed).deepCopy();
            a.remove("secret");
            add(out, repo, a, "secret_scanning_alert", "created", "created_at", null);
            if ("resolved".equals(Listing.text(a, "state").orElse(""))) {
                add(out, repo, a, "secret_scanning_alert", "resolved", "resolved_at", null);
            }
        }
        for (JsonNode a : alerts("Dependabot alerts", fullName, "dependabot")) {
            add(out, repo, a, "dependabot_alert", "created", "created_at", null);
            switch (Listing.text(a, "state").orElse("")) {
                case "fixed" -> add(out, repo, a, "dependabot_alert", "fixed", "fixed_at", null);
                case "dismissed" -> add(out, repo, a, "dependabot_alert", "dismissed", "dismissed_at", null);
                case "auto_dismissed" -> add(out, repo, a, "dependabot_alert", "auto_dismissed", "auto_dismissed_at", null);
                default -> {
                }
            }
        }
    }

    private List<JsonNode> alerts(String stream, String fullName, String path) {
        try {
            return listing.all(stream, client.resolve("/repos/" + fullName + "/" + path + "/alerts?per_page=100"), null, o -> false);
        } catch (ApiUnavailable e) {
            if (!e.notAvailableHere()) {
                throw e;
            }
            progress.note(scope + ": " + stream + " not read: " + e.getMessage() + " (not enabled, or the token may not read them)");
            return List.of();
        }
    }

    /** One state change of an alert, at the alert's time for that state (the time the webhook converter reads too). */
    private void add(List<TimedPayload> out, ObjectNode repo, JsonNode alert, String type, String action, String timeField, String ref) {
        Optional<String> number = Listing.text(alert, "number");
        Optional<Instant> at = Listing.time(alert, timeField).or(() -> Listing.time(alert, "updated_at"));
        if (number.isEmpty() || at.isEmpty()) {
            progress.note(scope + ": a " + type + " without number or " + timeField + " skipped");
            return;
        }
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("action", action);
        payload.set("alert", alert);
        if (ref != null) {
            payload.put("ref", ref);
        }
        payload.set("repository", repo);
        out.add(new TimedPayload(at.get(), type + ":" + number.get() + ":" + action, Converters.Source.GITHUB, type, payload));
    }
}
