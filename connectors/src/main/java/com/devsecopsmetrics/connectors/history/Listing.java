package com.devsecopsmetrics.connectors.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Every object of a paginated list endpoint, bounded: at most {@link #MAX_PAGES} pages and {@link #MAX_OBJECTS}
 * objects per list (a year of a busy repository is well within; a larger list stops with a note instead of filling
 * memory). Lists that come newest first stop at the first object older than the import's start.
 */
final class Listing {
    static final int MAX_PAGES = 2_000;
    static final int MAX_OBJECTS = 100_000;

    private final ApiClient client;
    private final ImportProgress progress;
    private final String scope;

    Listing(ApiClient client, ImportProgress progress, String scope) {
        this.client = client;
        this.progress = progress;
        this.scope = scope;
    }

    /** The objects of the list at {@code first}; {@code field} names the array in an object answer, null for an array answer. */
    List<JsonNode> all(String stream, URI first, String field, Predicate<JsonNode> olderThanWanted) {
        return all(stream, first, field, olderThanWanted, (page, current) -> page.next());
    }

    /** As above, with the next page found by {@code next} (PagerDuty pages by offset, not by Link header). */
    List<JsonNode> all(String stream, URI first, String field, Predicate<JsonNode> olderThanWanted,
                       BiFunction<ApiPage, URI, Optional<URI>> next) {
        List<JsonNode> objects = new ArrayList<>();
        Optional<URI> uri = Optional.of(first);
        for (int pages = 0; uri.isPresent(); pages++) {
            if (pages == MAX_PAGES || objects.size() >= MAX_OBJECTS) {
                progress.note(scope + ": " + stream + ": stopped after " + pages + " pages (" + objects.size() + " objects), the import's bound");
                break;
            }
            ApiPage page = client.get(uri.get());
            JsonNode array = field == null ? page.body() : page.body().path(field);
            if (!array.isArray()) {
                throw new ApiUnavailable(stream + ": the answer has no " + (field == null ? "array" : "'" + field + "' array"), 200);
            }
            boolean older = false;
            for (JsonNode o : array) {
                if (olderThanWanted.test(o)) {
                    older = true;
                } else if (o.isObject()) {
                    objects.add(o);
                }
            }
            progress.fetched(scope, stream, objects.size());
            uri = older ? Optional.empty() : next.apply(page, uri.get());
        }
        return objects;
    }

    static Predicate<JsonNode> createdBefore(Instant since, String field) {
        return o -> since != null && time(o, field).map(t -> t.isBefore(since)).orElse(false);
    }

    /** The time at {@code field} (ISO 8601 with an offset, as the tools write them), if present and well-formed. */
    static Optional<Instant> time(JsonNode o, String... path) {
        JsonNode n = o;
        for (String p : path) {
            n = n.path(p);
        }
        if (!n.isTextual() || n.asText().length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(n.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The text or number at {@code field} as text, if present, not blank and at most 200 characters. */
    static Optional<String> text(JsonNode o, String... path) {
        JsonNode n = o;
        for (String p : path) {
            n = n.path(p);
        }
        if (!(n.isTextual() || n.isNumber()) || n.asText().isBlank() || n.asText().length() > 200) {
            return Optional.empty();
        }
        return Optional.of(n.asText());
    }
}
