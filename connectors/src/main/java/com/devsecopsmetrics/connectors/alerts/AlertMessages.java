package com.devsecopsmetrics.connectors.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The message each target gets for one alert state change: Slack Block Kit, a Teams Adaptive Card (the envelope both
 * Teams incoming webhooks and Workflows webhooks accept), or the alert's fields as plain JSON for a generic webhook.
 * Every producer-controlled string (id, type, scope, evidence) goes through {@link SafeText} for the chat targets.
 */
final class AlertMessages {
    /** Evidence fields shown in a chat message; the generic webhook carries all of them. */
    static final int MAX_EVIDENCE_FIELDS = 12;
    private static final int MAX_VALUE = 300;
    /** Slack refuses a section text over 3,000 characters. */
    private static final int SLACK_SECTION_MAX = 2_900;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TITLES = Map.of(
            "GATE_BYPASS_RATE_RISING", "Security gate bypass rate rising",
            "TIER1_FINDING_PAST_SLA", "Tier-1 finding past its SLA",
            "TIER1_COVERAGE_DROP", "Tier-1 practice coverage dropped");

    private AlertMessages() {
    }

    static byte[] build(TargetType target, AlertNotice a) {
        ObjectNode body = switch (target) {
            case SLACK -> slack(a);
            case TEAMS -> teams(a);
            case WEBHOOK -> webhook(a);
        };
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** What the alert is, in words: our title for a known type, the (neutralised) type otherwise. */
    private static String title(AlertNotice a, BiFunction<String, Integer, String> safe) {
        String known = TITLES.get(a.type());
        return (a.open() ? "Alert opened: " : "Alert cleared: ") + (known != null ? known : safe.apply(a.type(), 80));
    }

    /** Label and value pairs of the alert, values already made safe for the target. */
    private static List<String[]> facts(AlertNotice a, BiFunction<String, Integer, String> safe) {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[]{"Scope", safe.apply(a.scope(), AlertNotice.MAX_ID)});
        facts.add(new String[]{"Status", a.open() ? "OPEN" : "CLEARED"});
        facts.add(new String[]{"Opened at", a.openedAt().toString()});
        if (!a.open()) {
            facts.add(new String[]{"Cleared at", a.clearedAt().toString()});
        }
        if (a.asOf() != null) {
            facts.add(new String[]{"Figures as of", a.asOf().toString()});
        }
        Iterator<Map.Entry<String, JsonNode>> fields = a.evidence().fields();
        for (int i = 0; fields.hasNext() && i < MAX_EVIDENCE_FIELDS; i++) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            String shown = v.isNumber() || v.isBoolean() ? v.asText() : safe.apply(v.isTextual() ? v.asText() : v.toString(), MAX_VALUE);
            facts.add(new String[]{safe.apply(f.getKey(), 64), shown});
        }
        facts.add(new String[]{"Alert id", safe.apply(a.id(), AlertNotice.MAX_ID)});
        return facts;
    }

    private static ObjectNode slack(AlertNotice a) {
        BiFunction<String, Integer, String> safe = SafeText::slackCode;
        String title = title(a, safe);
        StringBuilder details = new StringBuilder();
        for (String[] f : facts(a, safe)) {
            String line = "*" + f[0] + "*: " + f[1] + "\n";
            if (details.length() + line.length() > SLACK_SECTION_MAX) {
                break; // whole lines only, so that no code span is left open
            }
            details.append(line);
        }
        ObjectNode body = JSON.createObjectNode();
        // The notification and fallback text: no user value but the scope, escaped like the blocks.
        body.put("text", title + " (" + safe.apply(a.scope(), AlertNotice.MAX_ID) + ")");
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "section");
        header.putObject("text").put("type", "mrkdwn").put("text", (a.open() ? ":rotating_light: *" : ":white_check_mark: *") + title + "*");
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", details.toString());
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "devsecops-metrics · idempotency key " + a.idempotencyKey().substring(0, 16));
        return body;
    }

    private static ObjectNode teams(AlertNotice a) {
        BiFunction<String, Integer, String> safe = SafeText::teams;
        ObjectNode body = JSON.createObjectNode().put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json").put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode items = card.putArray("body");
        items.addObject().put("type", "TextBlock").put("text", title(a, safe)).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true).put("color", a.open() ? "Attention" : "Good");
        ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
        for (String[] f : facts(a, safe)) {
            facts.addObject().put("title", f[0]).put("value", f[1]);
        }
        items.addObject().put("type", "TextBlock").put("text", "devsecops-metrics · idempotency key " + a.idempotencyKey().substring(0, 16))
                .put("isSubtle", true).put("size", "Small").put("wrap", true);
        return body;
    }

    /** The alert's own fields, unaltered (JSON-encoded), with the idempotency key also in the body. */
    private static ObjectNode webhook(AlertNotice a) {
        ObjectNode body = JSON.createObjectNode();
        body.put("idempotency_key", a.idempotencyKey());
        body.put("event", a.open() ? "alert.opened" : "alert.cleared");
        body.put("id", a.id()).put("type", a.type()).put("scope", a.scope()).put("status", a.open() ? "OPEN" : "CLEARED");
        body.put("opened_at", a.openedAt().toString());
        if (a.open()) {
            body.putNull("cleared_at");
        } else {
            body.put("cleared_at", a.clearedAt().toString());
        }
        if (a.asOf() != null) {
            body.put("as_of", a.asOf().toString());
        } else {
            body.putNull("as_of");
        }
        body.set("evidence", a.evidence());
        return body;
    }
}
