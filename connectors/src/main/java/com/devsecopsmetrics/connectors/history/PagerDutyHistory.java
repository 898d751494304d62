package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.Converters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PagerDuty incidents as the V3 webhook payloads PagerDuty would have sent: {@code incident.triggered} at the
 * incident's creation and, once resolved, {@code incident.resolved} at its resolution. The list is read in windows
 * of {@link #WINDOW} (PagerDuty refuses longer {@code since}/{@code until} ranges) and paged by offset.
 */
public final class PagerDutyHistory {
    static final Duration WINDOW = Duration.ofDays(90);
    /** PagerDuty's classic pagination refuses offsets beyond 10,000. */
    static final int MAX_OFFSET = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCOPE = "pagerduty";

    private final ApiClient client;
    private final ImportProgress progress;

    public PagerDutyHistory(ApiClient client, ImportProgress progress) {
        this.client = client;
        this.progress = progress;
    }

    public static String scope() {
        return SCOPE;
    }

    /** Incidents created from {@code since} to {@code until}, of the {@code services} given (PagerDuty ids) or all. */
    public List<TimedPayload> payloads(Instant since, Instant until, List<String> services) {
        for (String s : services) {
            if (!s.matches("[A-Z0-9]{1,20}")) {
                throw new IllegalArgumentException("not a PagerDuty service id (e.g. PIJ90N7): '" + s + "'");
            }
        }
        Listing listing = new Listing(client, progress, SCOPE);
        List<TimedPayload> out = new ArrayList<>();
        for (Instant from = since; from.isBefore(until); from = from.plus(WINDOW)) {
            Instant to = from.plus(WINDOW).isBefore(until) ? from.plus(WINDOW) : until;
            StringBuilder q = new StringBuilder("/incidents?limit=100&total=false&time_zone=UTC&since=").append(enc(from.toString()))
                    .append("&until=").append(enc(to.toString()));
            services.forEach(s -> q.append("&service_ids%5B%5D=").append(s));
            URI first = client.resolve(q.toString() + "&offset=0");
            for (JsonNode incident : listing.all("incidents", first, "incidents", o -> false, (page, current) -> next(page, q.toString()))) {
                add(out, incident);
            }
        }
        return out;
    }

    private Optional<URI> next(ApiPage page, String query) {
        if (!page.body().path("more").asBoolean(false)) {
            return Optional.empty();
        }
        int offset = page.body().path("offset").asInt(0) + Math.max(1, page.body().path("limit").asInt(100));
        if (offset >= MAX_OFFSET) {
            progress.note(SCOPE + ": more than " + MAX_OFFSET + " incidents in one window: the rest are not read (use --service)");
            return Optional.empty();
        }
        return Optional.of(client.resolve(query + "&offset=" + offset));
    }

    private void add(List<TimedPayload> out, JsonNode incident) {
        Optional<String> id = Listing.text(incident, "id");
        Optional<Instant> created = Listing.time(incident, "created_at");
        if (id.isEmpty() || created.isEmpty()) {
            progress.note(SCOPE + ": an incident without id or created_at skipped");
            return;
        }
        out.add(payload(incident, id.get(), "incident.triggered", created.get()));
        if ("resolved".equals(Listing.text(incident, "status").orElse(""))) {
            Optional<Instant> resolved = Listing.time(incident, "resolved_at").or(() -> Listing.time(incident, "last_status_change_at"));
            if (resolved.isEmpty()) {
                progress.note(SCOPE + ": incident " + id.get() + " is resolved but gives no resolution time: only its trigger imported");
                return;
            }
            out.add(payload(incident, id.get(), "incident.resolved", resolved.get()));
        }
    }

    private static TimedPayload payload(JsonNode incident, String id, String type, Instant at) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode event = root.putObject("event");
        event.put("event_type", type);
        event.put("resource_type", "incident");
        event.put("occurred_at", at.toString());
        event.set("data", incident);
        return new TimedPayload(at, type + ":" + id, Converters.Source.PAGERDUTY, null, root);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
