package com.devsecopsmetrics.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ContractJson}'s reading of a plain event line, token by token, for the line a loader sees almost always: a
 * valid one. Building a JSON tree first took a quarter of {@code dsm load}'s CPU. This reading takes a line only when
 * every field is one the schema has, of the schema's type; for any other line, valid or not, it answers
 * {@link #NOT_TAKEN} and {@link ContractJson}'s tree reading decides and words the reason. So it never changes what is
 * accepted or refused: what it takes, the tree reading takes as an equal record ({@code ContractJsonStreamTest}).
 */
final class ContractJsonStream {
    /** The answer for a line this reading leaves to the tree reading. */
    static final SpecificRecord NOT_TAKEN = null;
    /** A value this reading does not take, below the top level; never put in a record. */
    private static final Object NOT_READ = new Object();

    private final JsonFactory json;

    ContractJsonStream(JsonFactory json) {
        this.json = json; // the tree reading's factory: the same limits on lengths and nesting
    }

    /** The event of {@code kind} that {@code line} holds, not yet checked against the contract's rules, or {@link #NOT_TAKEN}. */
    SpecificRecord read(EventKind kind, String line) {
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NOT_TAKEN;
            }
            SpecificRecord event = (SpecificRecord) SpecificData.newInstance(kind.type(), kind.schema());
            // The tree reading ignores what follows the object; this one leaves such a line to it.
            return readFields(p, kind.schema(), event) && p.nextToken() == null ? event : NOT_TAKEN;
        } catch (IOException | DateTimeException e) { // a malformed line, or a timestamp the tree reading words
            return NOT_TAKEN;
        }
    }

    /** Reads an object's fields, the parser on its START_OBJECT, into {@code record}; false if any is not taken or missing. */
    private static boolean readFields(JsonParser p, Schema schema, IndexedRecord record) throws IOException {
        List<Schema.Field> fields = schema.getFields();
        if (fields.size() > Long.SIZE) {
            return false; // the contract's records have far fewer fields than the bits of seen
        }
        long seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            Schema.Field field = schema.getField(p.currentName());
            if (field == null) {
                return false;
            }
            p.nextToken();
            Object value = value(p, field.schema());
            if (value == NOT_READ) {
                return false;
            }
            record.put(field.pos(), value); // a repeated field: the last one counts, as in the tree
            seen |= 1L << field.pos();
        }
        if (t != JsonToken.END_OBJECT) {
            return false;
        }
        for (Schema.Field field : fields) {
            if ((seen & (1L << field.pos())) == 0 && field.schema().getType() != Schema.Type.UNION) {
                return false; // a required field is missing
            }
        }
        return true;
    }

    /** The value at the parser's current token for {@code schema}, or {@link #NOT_READ}. */
    private static Object value(JsonParser p, Schema schema) throws IOException {
        JsonToken t = p.currentToken();
        if (schema.getType() == Schema.Type.UNION) {
            return t == JsonToken.VALUE_NULL ? null : value(p, ContractJson.nonNullBranch(schema));
        }
        switch (schema.getType()) {
            case STRING:
                return t == JsonToken.VALUE_STRING ? p.getText() : NOT_READ;
            case BOOLEAN:
                return t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : NOT_READ;
            case INT:
                return integral(p, t) && p.getNumberType() == JsonParser.NumberType.INT ? (Object) p.getIntValue() : NOT_READ;
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis && t == JsonToken.VALUE_STRING) {
                    return IsoTimestamp.parse(p.getText());
                }
                if (!integral(p, t)) {
                    return NOT_READ;
                }
                long n = p.getLongValue();
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? Instant.ofEpochMilli(n) : (Object) n;
            case ENUM:
                Object symbol = t == JsonToken.VALUE_STRING ? ContractJson.enumValues(schema).get(p.getText()) : null;
                return symbol != null ? symbol : NOT_READ;
            case ARRAY:
                return t == JsonToken.START_ARRAY ? items(p, schema.getElementType()) : NOT_READ;
            case RECORD:
                IndexedRecord nested = (IndexedRecord) SpecificData.get().newRecord(null, schema);
                return t == JsonToken.START_OBJECT && readFields(p, schema, nested) ? nested : NOT_READ;
            default:
                return NOT_READ;
        }
    }

    /** A JSON integer that fits a long (a larger one is a big integer, which the tree reading words). */
    private static boolean integral(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        JsonParser.NumberType type = p.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }

    private static Object items(JsonParser p, Schema element) throws IOException {
        List<Object> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            Object item = t == null ? NOT_READ : value(p, element);
            if (item == NOT_READ) {
                return NOT_READ;
            }
            items.add(item);
        }
        return items;
    }
}
