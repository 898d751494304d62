package com.devsecopsmetrics.connectors.webhook;

import org.apache.kafka.common.config.ConfigException;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a webhook secret an attacker could guess: shorter than 32 bytes, a placeholder left from an example
 * ({@code change-me}, {@code secret}, ...), or too uniform to be random. The messages name the key and the problem,
 * never the value: they end up in the worker's log and REST answers.
 */
public final class SecretStrength {
    static final int MIN_BYTES = 32;
    // Long words only: a short one (xxx) would turn up by chance in one random base64 secret in a thousand.
    private static final Set<String> PLACEHOLDER_WORDS = Set.of("changeme", "changeit", "secret", "password", "example", "placeholder");
    private static final int MIN_DISTINCT_CHARACTERS = 8;
    static final String HOW_TO_GENERATE = "generate one with `openssl rand -hex 32` and pass it through a config provider,"
            + " e.g. ${env:DSM_GITHUB_SECRET} or ${file:/etc/devsecops/webhook-secrets.properties:github.secret}";

    private SecretStrength() {
    }

    /** Why {@code secret} is too weak, or empty when it is acceptable. */
    static Optional<String> weakness(String secret) {
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            return Optional.of("is " + bytes + " bytes long; at least " + MIN_BYTES + " are required");
        }
        String letters = secret.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (PLACEHOLDER_WORDS.stream().anyMatch(letters::contains) || secret.contains("${")) {
            return Optional.of("is a placeholder (it contains a word like change-me or secret, or an unresolved ${...} reference)");
        }
        if (secret.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            return Optional.of("uses fewer than " + MIN_DISTINCT_CHARACTERS + " distinct characters: not a random value");
        }
        return Optional.empty();
    }

    public static void require(String key, String secret) {
        weakness(secret).ifPresent(problem -> {
            throw new ConfigException(key + " " + problem + ": " + HOW_TO_GENERATE);
        });
    }
}
