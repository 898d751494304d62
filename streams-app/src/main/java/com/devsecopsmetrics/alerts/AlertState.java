package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.outputs.AlertStatus;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One alert as the store keeps it and {@code GET /api/v1/alerts} shows it. The evidence is that of the latest
 * evaluation (the topic carries it as it was when the alert opened and when it cleared).
 */
public record AlertState(String id, String type, String scope, String status,
                         @JsonProperty("opened_at") String openedAt,
                         @JsonProperty("cleared_at") String clearedAt,
                         @JsonProperty("as_of") String asOf,
                         JsonNode evidence) {
    public static final String OPEN = "OPEN";
    public static final String CLEARED = "CLEARED";

    static AlertState open(String type, String scope, LocalDate day, AlertEvidence evidence) {
        return new AlertState(type + "|" + scope + "|" + day, type, scope, OPEN, endOf(day).toString(), null, day.toString(), json(evidence));
    }

    AlertState withEvidence(LocalDate day, AlertEvidence newEvidence) {
        return new AlertState(id, type, scope, status, openedAt, clearedAt, day.toString(), json(newEvidence));
    }

    AlertState cleared(LocalDate day, AlertEvidence newEvidence) {
        return new AlertState(id, type, scope, CLEARED, openedAt, endOf(day).toString(), day.toString(), json(newEvidence));
    }

    /** Kept as JSON: a stored alert is read back without knowing which rule's record its evidence was. */
    private static JsonNode json(AlertEvidence evidence) {
        return ContractJson.mapper().valueToTree(evidence);
    }

    @JsonIgnore
    public boolean isOpen() {
        return OPEN.equals(status);
    }

    /** The day of the last change: the day it opened, or the day it cleared. */
    LocalDate changedOn() {
        return LocalDate.ofInstant(Instant.parse(clearedAt != null ? clearedAt : openedAt), ZoneOffset.UTC).minusDays(1);
    }

    /** Evaluating a day happens at its end, 00:00 UTC of the next day, in stream time. */
    static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Alert toAvro() {
        return Alert.newBuilder().setId(id).setType(type).setScope(scope).setStatus(AlertStatus.valueOf(status))
                .setOpenedAt(Instant.parse(openedAt)).setClearedAt(clearedAt == null ? null : Instant.parse(clearedAt))
                .setAsOf(LocalDate.parse(asOf)).setEvidence(StoredJson.write(evidence)).build();
    }

    String toJson() {
        return StoredJson.write(this);
    }

    public static AlertState fromJson(String json) {
        return StoredJson.read(json, AlertState.class, "alert");
    }
}
