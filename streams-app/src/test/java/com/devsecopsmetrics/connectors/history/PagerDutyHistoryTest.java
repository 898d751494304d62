package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.history.RecordedApi.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PagerDuty import against recorded {@code GET /incidents} answers, paged by offset: the incidents the V3
 * webhooks of the same incidents give (PagerDuty's webhook {@code data} is the incident with the same fields).
 */
class PagerDutyHistoryTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MappingConfig MAPPING = MappingConfig.from(Map.of(MappingConfig.SERVICE_MAP, "PIJ90N7=mail"));

    @Test
    void incidentsAreTheOnesTheirWebhooksGive() throws IOException {
        List<ContractEvent> imported = new ArrayList<>();
        List<Duration> pauses = new ArrayList<>();
        try (RecordedApi api = new RecordedApi()) {
            api.on("/incidents", Answer.status(429, Map.of()), Answer.json("pagerduty/incidents.0.json"))
                    .on("/incidents?offset=1", Answer.json("pagerduty/incidents.1.json"));
            ApiClient client = new ApiClient(api.base(), ApiCredential.pagerduty("pd-recorded"), pauses::add, Duration.ofMillis(5));
            HistoryImport history = new HistoryImport(new Converters(MAPPING), Checkpoint.open(null), events -> {
                imported.addAll(events);
                return 0;
            }, ImportProgress.SILENT, 100);
            Instant since = Instant.parse("2026-03-01T00:00:00Z");
            history.run("pagerduty", new PagerDutyHistory(client, ImportProgress.SILENT).payloads(since, since.plus(Duration.ofDays(60)), List.of()));
            assertThat(api.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Token token=pd-recorded"));
            assertThat(api.requests()).hasSize(3);
        }
        assertThat(pauses).containsExactly(Duration.ofMillis(5)); // a 429 without Retry-After: the backoff

        JsonNode first = WebhookHistory.resource("pagerduty/incidents.0.json").path("incidents").get(0);
        JsonNode second = WebhookHistory.resource("pagerduty/incidents.1.json").path("incidents").get(0);
        Converters webhooks = new Converters(MAPPING);
        List<ContractEvent> expected = new ArrayList<>();
        expected.addAll(webhook(webhooks, "incident.triggered", "2026-03-10T13:51:37Z", first));
        expected.addAll(webhook(webhooks, "incident.resolved", "2026-03-10T15:11:02Z", first));
        expected.addAll(webhook(webhooks, "incident.triggered", "2026-04-02T08:00:12Z", second));
        assertThat(imported).containsExactlyElementsOf(expected);
        assertThat(imported).extracting(ContractEvent::serviceId).containsExactly("mail", "mail", "auth-api");
    }

    /** A V3 webhook as PagerDuty documents it: {@code data} carries the incident's own fields. */
    private static List<ContractEvent> webhook(Converters converters, String type, String at, JsonNode incident) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode event = root.putObject("event");
        event.put("id", "01DEN4HPBQAAAG05V5QQYBRZMF").put("event_type", type).put("resource_type", "incident").put("occurred_at", at);
        ObjectNode data = event.putObject("data");
        for (String field : List.of("id", "type", "self", "html_url", "status", "incident_key", "created_at", "title", "service",
                "escalation_policy", "teams", "priority", "urgency", "resolve_reason")) {
            if (incident.has(field)) {
                data.set(field, incident.get(field));
            }
        }
        data.put("number", incident.path("incident_number").asInt());
        return converters.convert(Converters.Source.PAGERDUTY, MAPPER.writeValueAsBytes(root), SourceContext.receivedAt(Instant.EPOCH)).events();
    }
}
