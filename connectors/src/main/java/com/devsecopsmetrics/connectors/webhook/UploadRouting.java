package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.convert.SourceContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a SARIF upload's events go (service, repository, commit, scan type), from the {@code X-DSM-*} headers or the
 * query string. Since they choose whose figures the events move, they are part of what is signed: the upload's
 * HMAC covers one {@code name=value\n} line per parameter given, in the order of {@link #PARAMETERS}, then the body.
 * An upload without them signs the body alone, as GitHub does. Values with control characters are refused, so
 * one value cannot pose as several lines.
 */
record UploadRouting(Map<String, String> given) {
    /** Query parameter and header of each routing parameter. */
    static final List<List<String>> PARAMETERS = List.of(List.of("service", "X-DSM-Service"), List.of("repo", "X-DSM-Repo"),
            List.of("commit", "X-DSM-Commit"), List.of("scan_type", "X-DSM-Scan-Type"));

    static UploadRouting of(WebhookServer.Request request) {
        Map<String, String> given = new LinkedHashMap<>();
        for (List<String> p : PARAMETERS) {
            String h = request.header(p.get(1));
            String value = h != null && !h.isBlank() ? h : request.query().get(p.get(0));
            if (value != null && !value.isBlank()) {
                if (value.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException("routing parameter " + p.get(0) + " contains a control character");
                }
                given.put(p.get(0), value);
            }
        }
        return new UploadRouting(given);
    }

    boolean isEmpty() {
        return given.isEmpty();
    }

    String names() {
        return String.join(", ", given.keySet());
    }

    /** The bytes the upload's signature covers: the routing lines, then the body. */
    byte[] signed(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        given.forEach((name, value) -> out.writeBytes((name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(body);
        return out.toByteArray();
    }

    SourceContext applyTo(SourceContext ctx) {
        return ctx.withService(given.get("service")).withRepo(given.get("repo")).withCommit(given.get("commit"))
                .withScanType(given.get("scan_type"));
    }
}
