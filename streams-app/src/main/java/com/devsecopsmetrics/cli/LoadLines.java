package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.JsonlLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.specific.SpecificRecord;

import java.util.Iterator;
import java.util.Set;

/**
 * The lines {@code dsm load} takes: a plain event of the {@code --topic} kind, or the envelope
 * {@code {"kind": ..., "value": {...}}} that {@code dsm convert} prints, whose kind picks the topic. No contract event
 * has a field {@code value}, so a line with one is an envelope and never a plain event.
 */
final class LoadLines implements JsonlLoader.LineParser {
    private static final String KIND = "kind";
    private static final String VALUE = "value";

    /** The kind named by {@code --topic} or by the file's name, or null when every line must name its own. */
    private final EventKind topic;
    /** Where {@link #topic} came from, as a rejection names it: {@code --topic findings}, {@code the file name findings.jsonl}. */
    private final String topicOrigin;
    private final ContractRules rules;
    /** Kinds whose topic this principal may not create and that are missing: their lines are refused. */
    private final Set<EventKind> unavailable;

    LoadLines(EventKind topic, ContractRules rules, Set<EventKind> unavailable) {
        this(topic, topic == null ? null : "--topic " + topic.kind(), rules, unavailable);
    }

    LoadLines(EventKind topic, String topicOrigin, ContractRules rules, Set<EventKind> unavailable) {
        this.topic = topic;
        this.topicOrigin = topicOrigin;
        this.rules = rules;
        this.unavailable = unavailable;
    }

    @Override
    public JsonlLoader.Parsed parse(String line) {
        if (topic != null && !unavailable.contains(topic)) {
            // The line almost every load is made of: a valid plain event, read without a tree. An envelope has a field
            // 'value' that no kind has, so it is not read here.
            SpecificRecord event = ContractJson.readValidShape(topic, line, rules, System.currentTimeMillis());
            if (event != null) {
                return new JsonlLoader.Parsed(topic, event);
            }
        }
        JsonNode node;
        try {
            node = ContractJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new ContractViolation("malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ContractViolation("expected a JSON object");
        }
        EventKind kind;
        JsonNode event;
        if (node.has(VALUE)) {
            kind = envelopeKind(node);
            event = node.get(VALUE);
            if (!event.isObject()) {
                throw new ContractViolation("the envelope's 'value' must be a JSON object");
            }
        } else if (topic == null) {
            throw new ContractViolation("a plain event needs --topic KIND (or a file named KIND.jsonl); only {\"kind\", \"value\"} lines (as dsm convert prints them)"
                    + " name their own kind");
        } else {
            kind = topic;
            event = node;
        }
        if (unavailable.contains(kind)) {
            throw new ContractViolation("topic " + kind.topic() + " does not exist and this principal may not create it");
        }
        return new JsonlLoader.Parsed(kind, ContractJson.fromJson(kind, event, rules, System.currentTimeMillis()));
    }

    private EventKind envelopeKind(JsonNode node) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(KIND) && !name.equals(VALUE)) {
                throw new ContractViolation("unknown field '" + name + "' in a {\"kind\", \"value\"} line");
            }
        }
        JsonNode kindNode = node.get(KIND);
        if (kindNode == null || !kindNode.isTextual()) {
            throw new ContractViolation("a {\"kind\", \"value\"} line needs 'kind' as a string: one of " + EventKind.names());
        }
        EventKind kind = EventKind.parse(kindNode.asText()).orElseThrow(() -> new ContractViolation(
                "unknown kind '" + abbreviate(kindNode.asText()) + "'; expected one of " + EventKind.names()));
        if (topic != null && kind != topic) {
            throw new ContractViolation("kind '" + kind.kind() + "' does not match " + topicOrigin);
        }
        return kind;
    }

    /** A hostile kind may be a megabyte long; the report quotes only its start. */
    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
