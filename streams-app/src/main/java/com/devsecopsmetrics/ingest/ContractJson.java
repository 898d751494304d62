package com.devsecopsmetrics.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Contract records as JSON, the way section 3 of the design writes them in JSONL: snake_case field
 * names as in the schema, timestamps as ISO-8601 UTC strings, enums as their symbol, absent
 * optionals as null. Walks the record's own schema so it works for every contract record.
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ContractJson() {
    }

    public static String toJson(SpecificRecord record) {
        try {
            return MAPPER.writeValueAsString(recordNode(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getFullName() + " as JSON", e);
        }
    }

    private static ObjectNode recordNode(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), valueNode(field.schema(), record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode valueNode(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL && fits(branch, value)) {
                        return valueNode(branch, value);
                    }
                }
                throw new IllegalArgumentException("no branch of " + schema + " fits " + value.getClass());
            case STRING:
                return NODES.textNode(value.toString());
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    Instant instant = value instanceof Instant i ? i : Instant.ofEpochMilli(((Number) value).longValue());
                    return NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(instant));
                }
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT:
            case DOUBLE:
                return NODES.numberNode(((Number) value).doubleValue());
            case ENUM:
                return NODES.textNode(value.toString());
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) value) {
                    array.add(valueNode(schema.getElementType(), item));
                }
                return array;
            }
            case MAP: {
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    map.set(entry.getKey().toString(), valueNode(schema.getValueType(), entry.getValue()));
                }
                return map;
            }
            case RECORD:
                return recordNode((IndexedRecord) value);
            default:
                throw new IllegalArgumentException("unsupported schema type " + schema.getType());
        }
    }

    private static boolean fits(Schema schema, Object value) {
        return switch (schema.getType()) {
            case STRING -> value instanceof CharSequence;
            case BOOLEAN -> value instanceof Boolean;
            case INT -> value instanceof Integer;
            case LONG -> value instanceof Long || value instanceof Instant;
            case FLOAT -> value instanceof Float;
            case DOUBLE -> value instanceof Double;
            case ENUM -> value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>;
            case ARRAY -> value instanceof Collection<?>;
            case MAP -> value instanceof Map<?, ?>;
            case RECORD -> value instanceof IndexedRecord;
            default -> false;
        };
    }
}
