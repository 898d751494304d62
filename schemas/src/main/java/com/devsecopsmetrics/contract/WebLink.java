package com.devsecopsmetrics.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a text may be a {@code url} of the contract: an http or https URL with a host, as {@link URI} parses it.
 * Parsing with {@link URI} was an eighth of {@code dsm load}'s CPU, so the common shape (a lower-case scheme, a plain
 * host name, an optional port, then only characters every part of a URL allows) is recognised by a scan that accepts
 * nothing {@link URI} would refuse; anything else (escapes, fragments, user info, IP literals, other characters) is
 * left to {@link URI}.
 */
final class WebLink {
    private static final String SAFE_REST = "-_.!~*'();/?:@&=+$,";

    private WebLink() {
    }

    static boolean isValid(String value) {
        return isPlain(value) || parsesWithHost(value);
    }

    /** The same question, answered by {@link URI} alone. */
    static boolean parsesWithHost(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code http[s]://label(.label)*[:port]} then only characters a path and a query both allow. */
    static boolean isPlain(String value) {
        int p = value.startsWith("https://") ? 8 : value.startsWith("http://") ? 7 : -1;
        if (p < 0) {
            return false;
        }
        int n = value.length();
        int lastLabel;
        do {
            lastLabel = p;
            p = label(value, p, n);
            if (p < 0) {
                return false;
            }
        } while (p < n && value.charAt(p) == '.' && ++p < n);
        // URI wants the rightmost label of a dotted name to begin with a letter; asked of every host here.
        if (!isLetter(value.charAt(lastLabel))) {
            return false;
        }
        if (p < n && value.charAt(p) == ':') {
            int digits = ++p;
            while (p < n && value.charAt(p) >= '0' && value.charAt(p) <= '9') {
                p++;
            }
            if (p == digits || p - digits > 5) {
                return false;
            }
        }
        if (p < n && value.charAt(p) != '/' && value.charAt(p) != '?') {
            return false;
        }
        for (; p < n; p++) {
            char c = value.charAt(p);
            if (!isLetterOrDigit(c) && SAFE_REST.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The end of a host label starting at {@code p} (letters, digits and inner hyphens), or -1. */
    private static int label(String value, int p, int n) {
        int start = p;
        while (p < n && (isLetterOrDigit(value.charAt(p)) || value.charAt(p) == '-')) {
            p++;
        }
        if (p == start || value.charAt(start) == '-' || value.charAt(p - 1) == '-') {
            return -1;
        }
        return p;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isLetterOrDigit(char c) {
        return isLetter(c) || c >= '0' && c <= '9';
    }
}
