package com.devsecopsmetrics.contract;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The limits of DESIGN §7 on every event, written once: {@code bin/dsm load}, {@code bin/dsm convert}, the
 * connectors and the application all call {@link #check}. They bound what a producer can make the application
 * store or key by, and keep every time the application writes back to Kafka within what the broker accepts.
 * Required fields, types and enum symbols are the schema's business and are checked by Avro before this runs.
 */
public final class ContractRules {
    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_STRING_LENGTH = 4096;
    public static final int MAX_LIST_ITEMS = 1000;
    public static final long DEFAULT_MAX_FUTURE_MS = 300_000;
    /** Kafka's default {@code log.message.timestamp.after.max.ms}: a larger tolerance would let through times the broker refuses. */
    public static final long MAX_ALLOWED_FUTURE_MS = 3_600_000;
    public static final String MAX_FUTURE_CONFIG = "event.time.max.future.ms";

    /** Strings that name a thing and end up in store keys: besides these, every field ending in _id or _ids. */
    private static final Set<String> IDENTIFIERS = Set.of("team", "repo", "repos", "repository", "hotfix_for", "rollback_of");
    private static final Set<String> DURATIONS = Set.of("pipeline_minutes", "security_wait_minutes");
    /** Counted from 1, as the tools count lines. */
    private static final Set<String> FROM_ONE = Set.of("start_line");
    /** Links the service page shows: anything but http(s) (javascript:, data:) could run in the reader's browser. */
    private static final Set<String> LINKS = Set.of("url");

    private final long maxFutureMs;

    /** A field's name, position and non-null schema, worked out once per record schema (this runs for every event). */
    private record FieldRule(Schema schema, String name, int pos, Schema valueSchema) {
    }

    private static final Map<String, FieldRule[]> PLANS = new ConcurrentHashMap<>();

    private static FieldRule[] plan(Schema schema) {
        return schema.getFields().stream()
                .map(f -> new FieldRule(schema, f.name(), f.pos(), nonNull(f.schema())))
                .toArray(FieldRule[]::new);
    }

    public ContractRules(long maxFutureMs) {
        if (maxFutureMs < 0 || maxFutureMs > MAX_ALLOWED_FUTURE_MS) {
            throw new IllegalArgumentException(MAX_FUTURE_CONFIG + " must be 0 to " + MAX_ALLOWED_FUTURE_MS
                    + " (the broker's default log.message.timestamp.after.max.ms), got " + maxFutureMs);
        }
        this.maxFutureMs = maxFutureMs;
    }

    public static ContractRules defaults() {
        return new ContractRules(DEFAULT_MAX_FUTURE_MS);
    }

    public long maxFutureMs() {
        return maxFutureMs;
    }

    /** Throws a {@link ContractViolation} naming the first field of {@code event} that breaks a limit. */
    public void check(IndexedRecord event, long nowMs) {
        Schema schema = event.getSchema();
        FieldRule[] fields = PLANS.get(schema.getFullName());
        if (fields == null || fields.length != schema.getFields().size() || (fields.length > 0 && fields[0].schema != schema)) {
            fields = plan(schema);
            PLANS.put(schema.getFullName(), fields);
        }
        for (FieldRule field : fields) {
            checkValue(field.name, field.valueSchema, event.get(field.pos), nowMs);
        }
        checkWaitWithinPipeline(event, schema);
        checkOpenedBeforeOccurred(event, schema);
        AcceptanceRule.check(event, schema);
    }

    /**
     * A producer's text as a reason or a log may show it: control characters escaped (no forged log lines), and
     * at most {@code max} characters.
     */
    public static String quote(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < text.length() ? out + "..." : out.toString();
    }

    /** Whether {@code eventTime} may become stream time: not before 1970 and not too far after {@code nowMs}. */
    public boolean isTimely(long eventTime, long nowMs) {
        return eventTime >= 0 && eventTime <= latestAccepted(nowMs);
    }

    private void checkValue(String name, Schema schema, Object value, long nowMs) {
        if (value == null) {
            return; // absent optional; a missing required field never decodes
        }
        switch (schema.getType()) {
            case STRING -> {
                checkString(name, value.toString());
                if (LINKS.contains(name)) {
                    checkLink(name, value.toString());
                }
            }
            case RECORD -> checkRecord((IndexedRecord) value, schema, nowMs);
            case ARRAY -> checkList(name, schema.getElementType(), (List<?>) value, nowMs);
            case LONG -> {
                if (AcceptanceRule.FIELD.equals(name)) {
                    // a time to come by nature: bounded against the event's own time by AcceptanceRule instead
                } else if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    checkTime(name, (Instant) value, nowMs);
                } else if (DURATIONS.contains(name) && (Long) value < 0) {
                    throw new ContractViolation("field '" + name + "' must be 0 or more, got " + value);
                }
            }
            case INT -> {
                if (FROM_ONE.contains(name) && (Integer) value < 1) {
                    throw new ContractViolation("field '" + name + "' must be 1 or more, got " + value);
                }
                if ((Integer) value < 0) {
                    throw new ContractViolation("field '" + name + "' must be 0 or more, got " + value);
                }
            }
            default -> {
                // booleans and enums: the schema is the whole rule
            }
        }
    }

    /** A record inside an event (a finding's location): its fields follow the same rules as an event's. */
    private void checkRecord(IndexedRecord record, Schema schema, long nowMs) {
        for (Schema.Field field : schema.getFields()) {
            checkValue(field.name(), nonNull(field.schema()), record.get(field.pos()), nowMs);
        }
    }

    private static void checkLink(String name, String value) {
        if (!isWebLink(value)) {
            throw new ContractViolation("field '" + name + "' must be an http or https URL with a host, got '" + quote(value, 60) + "'");
        }
    }

    /** Whether {@code value} may be a {@code url}: an http or https URL with a host (so a page may make it a link). */
    public static boolean isWebLink(String value) {
        return WebLink.isValid(value);
    }

    /** Whether {@code value} may be an identifier: 1 to 256 characters, none of them a control character. */
    public static boolean isIdentifier(String value) {
        return !value.isEmpty() && value.length() <= MAX_ID_LENGTH && value.chars().noneMatch(Character::isISOControl);
    }

    private void checkList(String name, Schema items, List<?> list, long nowMs) {
        if (list.size() > MAX_LIST_ITEMS) {
            throw new ContractViolation("field '" + name + "' has " + list.size() + " items; at most " + MAX_LIST_ITEMS + " are accepted");
        }
        for (Object item : list) {
            checkValue(name, nonNull(items), item, nowMs);
        }
    }

    private static void checkString(String name, String value) {
        if (isIdentifierField(name)) {
            if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
                throw new ContractViolation("field '" + name + "' must be 1 to " + MAX_ID_LENGTH + " characters, got " + value.length());
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    throw new ContractViolation("field '" + name + "' contains the control character U+"
                            + String.format("%04X", (int) value.charAt(i)) + " at position " + i);
                }
            }
        } else if (value.length() > MAX_STRING_LENGTH) {
            throw new ContractViolation("field '" + name + "' has " + value.length() + " characters; at most " + MAX_STRING_LENGTH + " are accepted");
        }
    }

    private void checkTime(String name, Instant time, long nowMs) {
        if (time.isBefore(Instant.EPOCH)) {
            throw new ContractViolation("field '" + name + "': " + time + " is before 1970-01-01T00:00:00Z");
        }
        if (time.isAfter(Instant.ofEpochMilli(latestAccepted(nowMs)))) {
            throw new FutureEvent("field '" + name + "': " + time + " is more than " + maxFutureMs + " ms ("
                    + MAX_FUTURE_CONFIG + ") after the current time " + Instant.ofEpochMilli(nowMs));
        }
    }

    private long latestAccepted(long nowMs) {
        return nowMs > Long.MAX_VALUE - maxFutureMs ? Long.MAX_VALUE : nowMs + maxFutureMs;
    }

    private static void checkWaitWithinPipeline(IndexedRecord event, Schema schema) {
        Schema.Field pipeline = schema.getField("pipeline_minutes");
        Schema.Field wait = schema.getField("security_wait_minutes");
        if (pipeline == null || wait == null) {
            return;
        }
        Object total = event.get(pipeline.pos());
        Object waited = event.get(wait.pos());
        if (total != null && waited != null && (Long) waited > (Long) total) {
            throw new ContractViolation("field 'security_wait_minutes' (" + waited + ") must not exceed 'pipeline_minutes' (" + total + ")");
        }
    }

    /** An incident's status change cannot come before the incident began. */
    private static void checkOpenedBeforeOccurred(IndexedRecord event, Schema schema) {
        Schema.Field opened = schema.getField("opened_at");
        Schema.Field occurred = schema.getField("occurred_at");
        if (opened == null || occurred == null) {
            return;
        }
        Instant began = (Instant) event.get(opened.pos());
        Instant changed = (Instant) event.get(occurred.pos());
        if (began != null && changed != null && began.isAfter(changed)) {
            throw new ContractViolation("field 'opened_at' (" + began + ") must not be after 'occurred_at' (" + changed + ")");
        }
    }

    private static boolean isIdentifierField(String name) {
        return name.endsWith("_id") || name.endsWith("_ids") || IDENTIFIERS.contains(name);
    }

    /** Called for every field of every event a load checks: a loop, not a stream (a stream cost a tenth of the check). */
    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        return schema;
    }
}
