package com.devsecopsmetrics.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as the contract spells them in JSON, for the hand-worked tests of the reference computation: each builder
 * sets every field of its kind, the optional ones null, so a test states only what its case is about.
 */
final class ReferenceEvents {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ReferenceEvents() {
    }

    /** Collects events per kind. */
    static final class Events {
        final Map<String, List<JsonNode>> byKind = new HashMap<>();

        Events add(String kind, JsonNode... nodes) {
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(List.of(nodes));
            return this;
        }

        ReferenceMetrics metrics() {
            return new ReferenceMetrics(byKind, ReferenceMetrics.DEFAULT_REQUIRED_EVIDENCE);
        }
    }

    static ArrayNode array(String... values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (String v : values) a.add(v);
        return a;
    }

    static ObjectNode service(String id, String team, String tier, String updatedAt) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("service_id", id).put("name", id).put("team", team).put("tier", tier);
        n.set("repos", array("acme/" + id));
        n.put("internet_facing", false).put("regulated", false).putNull("owner").putNull("escalation_path");
        n.set("attestations", array());
        n.put("updated_at", updatedAt);
        return n;
    }

    static ObjectNode commit(String id, String svc, String at) {
        ObjectNode n = MAPPER.createObjectNode();
        return n.put("commit_id", id).put("service_id", svc).put("repo", "acme/" + svc).put("author", "dev")
                .put("committed_at", at);
    }

    /** A production, SUCCEEDED deployment with the given gate, commits and evidence, and no links. */
    static ObjectNode deployment(String id, String svc, String at, String gate, ArrayNode commitIds, ArrayNode evidence) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("deployment_id", id).put("service_id", svc).put("environment", "production")
                .put("status", "SUCCEEDED").put("deployed_at", at);
        n.set("commit_ids", commitIds);
        n.put("is_hotfix", false).putNull("hotfix_for").putNull("hotfix_cause").putNull("rollback_of")
                .putNull("rollback_reason").put("security_gate", gate).putNull("gate_bypass_reason");
        n.set("evidence", evidence);
        n.putNull("pipeline_minutes").putNull("security_wait_minutes");
        return n;
    }

    static ObjectNode incident(String id, String svc, String status, String occurredAt, String openedAt,
                               boolean securityRelated, String causedBy) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("incident_id", id).put("service_id", svc).put("status", status).put("occurred_at", occurredAt)
                .put("opened_at", openedAt).put("kind", securityRelated ? "SECURITY_EXPOSURE" : "OUTAGE")
                .put("security_related", securityRelated);
        if (causedBy == null) n.putNull("caused_by_deployment_id");
        else n.put("caused_by_deployment_id", causedBy);
        return n;
    }

    static ObjectNode finding(String id, String svc, String status, String at, String severity,
                              String exploitability, String category, String defectClass,
                              boolean inNewCode, String scanner) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("finding_id", id).put("service_id", svc).put("status", status).put("occurred_at", at)
                .put("severity", severity).put("exploitability", exploitability).put("category", category)
                .put("defect_class", defectClass).put("in_new_code", inNewCode);
        if (scanner == null) n.putNull("scanner");
        else n.put("scanner", scanner);
        n.putNull("scan_id");
        return n;
    }

    /** A scan without counts; {@code findingIds} null makes it a partial scan. */
    static ObjectNode scan(String id, String svc, String scanner, String type, String outcome, String completedAt,
                           String... findingIds) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("scan_id", id).put("service_id", svc).put("repo", "acme/" + svc).put("scanner", scanner)
                .put("scan_type", type).putNull("commit_id").put("completed_at", completedAt).put("outcome", outcome)
                .put("critical", 0).put("high", 0).put("medium", 0).put("low", 0);
        if (findingIds == null) n.putNull("finding_ids");
        else n.set("finding_ids", array(findingIds));
        return n;
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }
}
