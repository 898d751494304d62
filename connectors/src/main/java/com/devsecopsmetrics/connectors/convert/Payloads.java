package com.devsecopsmetrics.connectors.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** Reading tool payloads: JSON parsing with a clear error, and null-safe field access. */
final class Payloads {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Payloads() {
    }

    static JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token: from a file that is not JSON (a stray symlink target, a
            // secret) that would copy its content into answers, error files and logs. The position is enough to find it.
            throw new MalformedPayload("malformed JSON" + (e instanceof JsonEOFException ? ": unexpected end of input" : "")
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new MalformedPayload("cannot read the payload", e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPayload("expected a JSON object", null);
        }
        return node;
    }

    /** The text at {@code path}, or empty when absent, null or blank. Numbers are given as their text. */
    static Optional<String> text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return Optional.empty();
        }
        String s = n.asText();
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    static String required(JsonNode node, String... path) {
        return text(node, path).orElseThrow(() -> new UnreadablePayload("missing field '" + String.join(".", path) + "'"));
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    static Optional<Instant> time(JsonNode node, String... path) {
        try {
            return SourceTimestamps.of(at(node, path));
        } catch (UnreadablePayload e) {
            throw new UnreadablePayload("field '" + String.join(".", path) + "': " + e.getMessage());
        }
    }

    /** The first present time among {@code paths} (each a dotted path). */
    static Optional<Instant> firstTime(JsonNode node, String... dottedPaths) {
        for (String p : dottedPaths) {
            Optional<Instant> t = time(node, p.split("\\."));
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }
}
