package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.serde.AvroClassTrust;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON form of the contract's events (DESIGN §3): snake_case fields, ISO-8601 or epoch-millisecond
 * timestamps, enum symbols, optional fields absent or null. Parsing checks every field against the Avro
 * schema and names the first field that breaks it; unknown fields are rejected so a misspelt optional
 * field is not silently lost.
 */
public final class ContractJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ContractJsonStream STREAM = new ContractJsonStream(MAPPER.getFactory());
    /**
     * An enum's values by symbol, by the enum's full name (as {@code SpecificData.createEnum} finds its class, which it
     * did for every value of every line).
     */
    private static final Map<String, Map<String, Object>> ENUM_VALUES = new ConcurrentHashMap<>();

    static {
        AvroClassTrust.install();
    }

    private ContractJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@link #fromJson(EventKind, String, ContractRules, long)} with the default rules, now. */
    public static SpecificRecord fromJson(EventKind kind, String line) {
        return fromJson(kind, line, ContractRules.defaults(), System.currentTimeMillis());
    }

    /**
     * Parses one JSON line into the event of {@code kind} and checks it against the contract's limits, or throws a
     * {@link ContractViolation} saying why not.
     */
    public static SpecificRecord fromJson(EventKind kind, String line, ContractRules rules, long nowMs) {
        SpecificRecord streamed = readValidShape(kind, line, rules, nowMs);
        if (streamed != null) {
            return streamed;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ContractViolation("malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ContractViolation("expected a JSON object");
        }
        return fromJson(kind, node, rules, nowMs);
    }

    /**
     * The event of {@code kind} a plain line holds when every field in it is one of the kind's, of its type, and none
     * is missing: read without building a tree, not yet checked against the contract's rules. Null for any other line;
     * {@link #fromJson(EventKind, String, ContractRules, long)} then says why it is refused, or reads it as a tree.
     */
    public static SpecificRecord readValidShape(EventKind kind, String line) {
        return STREAM.read(kind, line);
    }

    /** {@link #readValidShape(EventKind, String)}, then checked against the contract's rules (which throw if it breaks them). */
    public static SpecificRecord readValidShape(EventKind kind, String line, ContractRules rules, long nowMs) {
        SpecificRecord event = readValidShape(kind, line);
        if (event != null) {
            rules.check(event, nowMs);
        }
        return event;
    }

    public static SpecificRecord fromJson(EventKind kind, JsonNode object) {
        return fromJson(kind, object, ContractRules.defaults(), System.currentTimeMillis());
    }

    public static SpecificRecord fromJson(EventKind kind, JsonNode object, ContractRules rules, long nowMs) {
        Schema schema = kind.schema();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new ContractViolation("unknown field '" + name + "' for kind " + kind.kind());
            }
        }
        SpecificRecord record = (SpecificRecord) SpecificData.newInstance(kind.type(), schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = object.get(field.name());
            record.put(field.pos(), convert(field.name(), field.schema(), value));
        }
        rules.check(record, nowMs);
        return record;
    }

    private static Object convert(String path, Schema schema, JsonNode value) {
        boolean absent = value == null || value.isNull();
        if (schema.getType() == Schema.Type.UNION) {
            if (absent) {
                return null;
            }
            return convert(path, nonNullBranch(schema), value);
        }
        if (absent) {
            throw new ContractViolation(value == null ? "missing required field '" + path + "'" : "field '" + path + "' must not be null");
        }
        switch (schema.getType()) {
            case STRING:
                if (!value.isTextual()) {
                    throw wrongType(path, "a string", value);
                }
                return value.textValue();
            case BOOLEAN:
                if (!value.isBoolean()) {
                    throw wrongType(path, "true or false", value);
                }
                return value.booleanValue();
            case INT:
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    throw wrongType(path, "an integer", value);
                }
                return value.intValue();
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return timestamp(path, value);
                }
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw wrongType(path, "an integer", value);
                }
                return value.longValue();
            case ENUM:
                Object symbol = value.isTextual() ? enumValues(schema).get(value.textValue()) : null;
                if (symbol == null) {
                    throw new ContractViolation("field '" + path + "': unknown value " + value
                            + " (expected one of " + String.join(", ", schema.getEnumSymbols()) + ")");
                }
                return symbol;
            case ARRAY:
                if (!value.isArray()) {
                    throw wrongType(path, "an array", value);
                }
                List<Object> items = new ArrayList<>(value.size());
                for (int i = 0; i < value.size(); i++) {
                    items.add(convert(path + "[" + i + "]", schema.getElementType(), value.get(i)));
                }
                return items;
            case RECORD:
                return nested(path, schema, value);
            default:
                throw new IllegalStateException("schema type not used by the contract: " + schema.getType());
        }
    }

    /**
     * A loop rather than a stream or a map: it runs for every optional field of every line, and a map keyed by union
     * compares the contract's many equal {@code ["null", "string"]} unions field by field.
     */
    static Schema nonNullBranch(Schema union) {
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        throw new IllegalStateException("a union of null only: " + union);
    }

    static Map<String, Object> enumValues(Schema schema) {
        return ENUM_VALUES.computeIfAbsent(schema.getFullName(), name -> {
            Map<String, Object> values = new HashMap<>();
            schema.getEnumSymbols().forEach(symbol -> values.put(symbol, SpecificData.get().createEnum(symbol, schema)));
            return Map.copyOf(values);
        });
    }

    /** A record inside an event (a finding's location): the same rules as an event, unknown fields refused. */
    private static Object nested(String path, Schema schema, JsonNode value) {
        if (!value.isObject()) {
            throw wrongType(path, "an object", value);
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new ContractViolation("unknown field '" + path + "." + name + "'");
            }
        }
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), convert(path + "." + field.name(), field.schema(), value.get(field.name())));
        }
        return record;
    }

    private static Instant timestamp(String path, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return IsoTimestamp.parse(value.textValue());
            } catch (DateTimeParseException e) {
                throw new ContractViolation("field '" + path + "': '" + value.textValue()
                        + "' is not an ISO-8601 timestamp with offset (e.g. 2026-03-01T12:00:00Z)");
            }
        }
        throw wrongType(path, "an ISO-8601 timestamp or epoch milliseconds", value);
    }

    private static ContractViolation wrongType(String path, String expected, JsonNode value) {
        return new ContractViolation("field '" + path + "' must be " + expected + ", got " + value.getNodeType().toString().toLowerCase() + " " + abbreviate(value.toString()));
    }

    private static String abbreviate(String s) {
        return ContractRules.quote(s, 60);
    }

    /** The JSON form of an event, fields in schema order, timestamps as ISO-8601 UTC strings. */
    public static ObjectNode toJsonNode(SpecificRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), toNode(record.get(field.pos())));
        }
        return node;
    }

    public static String toJson(SpecificRecord record) {
        return toJsonNode(record).toString();
    }

    private static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof CharSequence s) {
            return NODES.textNode(s.toString());
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Instant t) {
            return NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(t));
        } else if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toNode(item)));
            return array;
        } else if (value instanceof SpecificRecord r) {
            return toJsonNode(r);
        }
        throw new IllegalArgumentException("unexpected value type " + value.getClass());
    }
}
