package com.devsecopsmetrics.connectors.convert;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.devsecopsmetrics.connectors.convert.Payloads.firstTime;
import static com.devsecopsmetrics.connectors.convert.Payloads.required;
import static com.devsecopsmetrics.connectors.convert.Payloads.text;

/**
 * PagerDuty V3 webhook payloads ({@code {"event": {"event_type": "incident.triggered", "data": {...}}}}) to incident
 * events: triggered opens, resolved resolves. The service is the {@code service.map} entry of the PagerDuty service
 * id or name, else the name in lower case with dashes ({@code API Service} → {@code api-service}).
 */
public final class PagerDutyConverter {
    private final MappingConfig mapping;
    private final Incidents incidents;

    public PagerDutyConverter(MappingConfig mapping, ReleaseTracker releases) {
        this.mapping = mapping;
        this.incidents = new Incidents(mapping, releases);
    }

    public Conversion convert(JsonNode p, SourceContext ctx) {
        JsonNode event = p.path("event");
        String type = text(event, "event_type").orElseThrow(() -> new UnreadablePayload("not a PagerDuty V3 webhook: no 'event.event_type'"));
        JsonNode data = event.path("data");
        boolean open;
        switch (type) {
            case "incident.triggered", "incident.reopened" -> open = true;
            case "incident.resolved" -> open = false;
            case "incident.acknowledged" -> {
                return Conversion.skip("PagerDuty " + type + " for " + text(data, "id").orElse("?")
                        + ": acknowledging changes no incident state (time to restore runs from trigger to resolve)");
            }
            default -> {
                return Conversion.skip("PagerDuty event type '" + type + "' is not mapped to the contract");
            }
        }
        String id = "pagerduty:" + required(data, "id");
        Instant at = firstTime(event, "occurred_at").orElse(ctx.receivedAt());
        Instant opened = firstTime(data, "created_at").orElse(at);
        List<String> labels = new ArrayList<>();
        text(data, "priority", "summary").ifPresent(labels::add);
        text(data, "incident_type", "name").ifPresent(labels::add);
        String title = text(data, "title").orElse("");
        if (title.toLowerCase(Locale.ROOT).contains(mapping.securityLabel().toLowerCase(Locale.ROOT))) {
            labels.add(mapping.securityLabel());
        }
        return Conversion.of(List.of(ContractEvent.of(incidents.incident(id, service(data, ctx), open, at, opened, labels, title))));
    }

    private String service(JsonNode data, SourceContext ctx) {
        if (ctx.service().isPresent()) {
            return ctx.service().get();
        }
        String serviceId = text(data, "service", "id").orElse("");
        String name = text(data, "service", "summary").orElseThrow(() -> new UnreadablePayload("missing field 'event.data.service.summary'"));
        return mapping.mappedService(serviceId).or(() -> mapping.mappedService(name))
                .orElseGet(() -> name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", ""));
    }
}
