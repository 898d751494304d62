package com.devsecopsmetrics.connectors.history;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The tools history is imported from: their public API root, the variable holding the token, and how it is sent. */
public enum HistorySource {
    GITHUB("https://api.github.com", "GITHUB_TOKEN", ApiCredential::github),
    GITLAB("https://gitlab.com/api/v4", "GITLAB_TOKEN", ApiCredential::gitlab),
    PAGERDUTY("https://api.pagerduty.com", "PAGERDUTY_TOKEN", ApiCredential::pagerduty);

    private final URI defaultBase;
    private final String tokenVariable;
    private final Function<String, ApiCredential> credential;

    HistorySource(String defaultBase, String tokenVariable, Function<String, ApiCredential> credential) {
        this.defaultBase = URI.create(defaultBase);
        this.tokenVariable = tokenVariable;
        this.credential = credential;
    }

    public static Optional<HistorySource> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public URI defaultBase() {
        return defaultBase;
    }

    public String tokenVariable() {
        return tokenVariable;
    }

    public ApiCredential credential(String token) {
        return credential.apply(token);
    }
}
