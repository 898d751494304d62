package com.devsecopsmetrics.connectors.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;

/**
 * One state change of an alert, read from a {@code devsecops.alerts} record (DESIGN §6, {@code alert.avsc}): a Struct
 * from {@code ContractAvroConverter} (or any Avro converter), or a Map from a schemaless JSON converter. A value that
 * breaks the alert contract throws {@link DataException} naming the field, never echoing its content.
 */
record AlertNotice(String id, String type, String scope, boolean open, Instant openedAt, Instant clearedAt, LocalDate asOf,
                   ObjectNode evidence) {
    /** DESIGN §7's identifier limit. */
    static final int MAX_ID = 256;
    /** The evidence of TIER1_FINDING_PAST_SLA (up to 20 findings) fits many times over; a larger one is not an alert's. */
    static final int MAX_EVIDENCE = 65_536;
    private static final ObjectMapper JSON = new ObjectMapper();

    static AlertNotice from(Object value) {
        if (value == null) {
            throw new DataException("no value");
        }
        String status = text(value, "status", MAX_ID);
        if (!status.equals("OPEN") && !status.equals("CLEARED")) {
            throw new DataException("field 'status' is not OPEN or CLEARED");
        }
        boolean open = status.equals("OPEN");
        Instant clearedAt = instant(field(value, "cleared_at"), "cleared_at");
        if (open != (clearedAt == null)) {
            throw new DataException(open ? "an OPEN alert has a cleared_at" : "a CLEARED alert has no cleared_at");
        }
        Instant openedAt = instant(field(value, "opened_at"), "opened_at");
        if (openedAt == null) {
            throw new DataException("field 'opened_at' is required");
        }
        return new AlertNotice(text(value, "id", MAX_ID), text(value, "type", MAX_ID), text(value, "scope", MAX_ID), open,
                openedAt, clearedAt, date(field(value, "as_of")), evidence(field(value, "evidence")));
    }

    /** When this state change happened: the opening or the clearing. */
    Instant changedAt() {
        return open ? openedAt : clearedAt;
    }

    String status() {
        return open ? "OPENED" : "CLEARED";
    }

    /**
     * The idempotency key: the same for every delivery of this state change (a retry, a record Connect redelivers
     * after a restart, the app publishing it again), different for the alert's other state change and for a later
     * alert of the same type and scope (another id). Hex, so it is a valid header value whatever the scope holds.
     */
    String idempotencyKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] identity = (id + '\n' + status() + '\n' + changedAt().toEpochMilli()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(sha.digest(identity));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Object field(Object value, String name) {
        if (value instanceof Struct s) {
            return s.schema().field(name) == null ? null : s.get(name);
        }
        if (value instanceof Map<?, ?> m) {
            return m.get(name);
        }
        throw new DataException("value is a " + value.getClass().getSimpleName() + ", not an alert");
    }

    private static String text(Object value, String name, int max) {
        Object v = field(value, name);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new DataException("field '" + name + "' is required");
        }
        if (s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
            throw new DataException("field '" + name + "' is longer than " + max + " characters or holds a control character");
        }
        return s;
    }

    private static Instant instant(Object v, String name) {
        if (v == null) {
            return null;
        }
        if (v instanceof Date d) {
            return d.toInstant();
        }
        if (v instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        throw new DataException("field '" + name + "' is not a timestamp");
    }

    private static LocalDate date(Object v) {
        if (v instanceof Date d) {
            return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        if (v instanceof Number n) {
            return LocalDate.ofEpochDay(n.longValue());
        }
        return null; // optional for display: the message shows the change time anyway
    }

    private static ObjectNode evidence(Object v) {
        if (v == null) {
            return JSON.createObjectNode();
        }
        if (!(v instanceof String s) || s.length() > MAX_EVIDENCE) {
            throw new DataException("field 'evidence' is not a JSON string of at most " + MAX_EVIDENCE + " characters");
        }
        try {
            JsonNode node = JSON.readTree(s);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // reported below without the parser's message, which quotes the content
        }
        throw new DataException("field 'evidence' is not a JSON object");
    }
}
