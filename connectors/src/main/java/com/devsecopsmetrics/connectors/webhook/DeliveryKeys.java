package com.devsecopsmetrics.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How a delivery is recognised when it comes again: by the sender's delivery id (GitHub {@code X-GitHub-Delivery},
 * GitLab {@code X-Gitlab-Event-UUID}, PagerDuty's {@code event.id} in the signed payload) and by the digest of what
 * was signed. The digest matters because GitHub and GitLab do not sign their delivery headers: a replay with a
 * fresh {@code X-GitHub-Delivery} still carries the same signed body.
 */
final class DeliveryKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ID_LENGTH = 256;

    private DeliveryKeys() {
    }

    static List<String> of(WebhookServer.Request request, byte[] signed) {
        List<String> keys = new ArrayList<>(2);
        deliveryId(request).ifPresent(id -> keys.add(request.source() + ":delivery:" + id));
        keys.add(request.source() + ":sha256:" + sha256(signed));
        return keys;
    }

    /** The sender's id of this delivery, when it gives one. */
    static Optional<String> deliveryId(WebhookServer.Request request) {
        String id = switch (request.source()) {
            case "github" -> request.header("X-GitHub-Delivery");
            case "gitlab" -> request.header("X-Gitlab-Event-UUID");
            case "pagerduty" -> pagerDutyEventId(request.body());
            default -> null;
        };
        return id == null || id.isBlank() || id.length() > MAX_ID_LENGTH ? Optional.empty() : Optional.of(id.trim());
    }

    private static String pagerDutyEventId(byte[] body) {
        try {
            JsonNode id = JSON.readTree(body).path("event").path("id");
            return id.isTextual() ? id.textValue() : null;
        } catch (IOException | RuntimeException e) {
            return null; // not JSON: the converter refuses it with the reason
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
