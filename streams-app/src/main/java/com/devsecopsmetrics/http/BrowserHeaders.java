package com.devsecopsmetrics.http;

import java.util.Map;

/**
 * The headers of DESIGN §8 on every response, from handlers and from the HTTP server's own error pages alike. The
 * dashboard loads only its own scripts and styles, so the policy admits nothing inline and nothing from elsewhere.
 */
final class BrowserHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final Map<String, String> ALWAYS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cross-Origin-Resource-Policy", "same-origin");

    /** Browsers that once saw HTTPS keep to it for a year. */
    static final Map<String, String> WITH_TLS = Map.of("Strict-Transport-Security", "max-age=31536000");

    /** Answers about findings are not for shared caches or the browser's disk. */
    static final Map<String, String> DATA = Map.of("Cache-Control", "no-store");

    private BrowserHeaders() {
    }
}
