package com.devsecopsmetrics.connectors.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Each sender's proof that it holds the shared secret. Comparisons are constant-time
 * ({@link MessageDigest#isEqual}), so response timing does not reveal how much of a guess was right.
 * Empty means verified; otherwise the reason for the 401.
 */
public final class WebhookSignatures {
    public static final String GITHUB_HEADER = "X-Hub-Signature-256";
    public static final String GITLAB_HEADER = "X-Gitlab-Token";
    public static final String PAGERDUTY_HEADER = "X-PagerDuty-Signature";

    private WebhookSignatures() {
    }

    /** GitHub (and the SARIF endpoint): {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
    public static Optional<String> github(String secret, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return Optional.of("missing " + GITHUB_HEADER + " header");
        }
        String h = header.trim();
        if (!h.startsWith("sha256=")) {
            return Optional.of(GITHUB_HEADER + " is not sha256=<hex>");
        }
        return matches(hmacHex(secret, body), h.substring("sha256=".length()))
                ? Optional.empty() : Optional.of(GITHUB_HEADER + " does not match the body");
    }

    /** GitLab: {@code X-Gitlab-Token} carries the secret token itself. */
    public static Optional<String> gitlab(String token, String header) {
        if (header == null || header.isEmpty()) {
            return Optional.of("missing " + GITLAB_HEADER + " header");
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))
                ? Optional.empty() : Optional.of(GITLAB_HEADER + " is not the configured token");
    }

    /**
     * PagerDuty V3: {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the body>}, possibly several comma-separated
     * (during a secret rotation); one match is enough.
     */
    public static Optional<String> pagerDuty(String secret, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return Optional.of("missing " + PAGERDUTY_HEADER + " header");
        }
        String expected = hmacHex(secret, body);
        boolean any = false;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("v1=")) {
                any |= matches(expected, p.substring(3)); // no early exit: every candidate is compared
            }
        }
        return any ? Optional.empty() : Optional.of(PAGERDUTY_HEADER + " has no v1 signature matching the body");
    }

    private static boolean matches(String expectedHex, String givenHex) {
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                givenHex.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
