package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.serde.AvroClassTrust;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.apache.kafka.connect.data.Date.LOGICAL_NAME;

/**
 * The contract's events as Connect data: a Struct whose schema is named after the Avro record
 * ({@code com.devsecopsmetrics.events.Deployment}), timestamps as Connect {@link Timestamp}, enums as strings
 * (parameter {@code io.confluent.connect.avro.Enum} like Confluent's AvroData), optional fields optional.
 * Single message transforms see ordinary fields; {@link ContractAvroConverter} turns the Struct back into the
 * contract's Avro record.
 */
public final class EventStructs {
    private static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
            Commit.getClassSchema().getFullName(), Commit.class,
            Deployment.getClassSchema().getFullName(), Deployment.class,
            Incident.getClassSchema().getFullName(), Incident.class,
            ScanResult.getClassSchema().getFullName(), ScanResult.class,
            Finding.getClassSchema().getFullName(), Finding.class);
    /** Records the app writes that a sink connector reads ({@code devsecops.alerts}); read only, never written. */
    private static final Map<String, Class<? extends SpecificRecord>> OUTPUTS = Map.of(Alert.getClassSchema().getFullName(), Alert.class);
    private static final String ENUM = "io.confluent.connect.avro.Enum";
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    static {
        AvroClassTrust.install();
    }

    private EventStructs() {
    }

    public static Schema schemaOf(org.apache.avro.Schema avro) {
        return SCHEMAS.computeIfAbsent(avro.getFullName(), n -> {
            return structOf(avro).build();
        });
    }

    private static SchemaBuilder structOf(org.apache.avro.Schema avro) {
        SchemaBuilder b = SchemaBuilder.struct().name(avro.getFullName());
        for (org.apache.avro.Schema.Field f : avro.getFields()) {
            b.field(f.name(), fieldSchema(f.schema()));
        }
        return b;
    }

    private static Schema fieldSchema(org.apache.avro.Schema s) {
        boolean optional = s.getType() == org.apache.avro.Schema.Type.UNION;
        org.apache.avro.Schema t = optional ? nonNull(s) : s;
        SchemaBuilder b = switch (t.getType()) {
            case STRING -> SchemaBuilder.string();
            case BOOLEAN -> SchemaBuilder.bool();
            // Connect's Date logical type (what Date.builder() builds; that class's name clashes with java.util.Date)
            case INT -> t.getLogicalType() instanceof LogicalTypes.Date ? SchemaBuilder.int32().name(LOGICAL_NAME).version(1) : SchemaBuilder.int32();
            case LONG -> t.getLogicalType() instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
            case ENUM -> SchemaBuilder.string().parameter(ENUM, t.getFullName());
            case ARRAY -> SchemaBuilder.array(fieldSchema(t.getElementType()));
            case RECORD -> structOf(t);
            default -> throw new IllegalStateException("schema type not used by the contract: " + t.getType());
        };
        return optional ? b.optional().build() : b.build();
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema union) {
        return union.getTypes().stream().filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
    }

    public static Struct toStruct(SpecificRecord record) {
        Schema schema = schemaOf(record.getSchema());
        Struct struct = new Struct(schema);
        for (org.apache.avro.Schema.Field f : record.getSchema().getFields()) {
            struct.put(f.name(), toConnect(schema.field(f.name()).schema(), record.get(f.pos())));
        }
        struct.validate();
        return struct;
    }

    /** {@code schema} is the Connect schema of the value's place: a nested Struct must carry exactly that one. */
    private static Object toConnect(Schema schema, Object v) {
        if (v instanceof IndexedRecord nested) {
            Struct struct = new Struct(schema);
            for (org.apache.avro.Schema.Field f : nested.getSchema().getFields()) {
                struct.put(f.name(), toConnect(schema.field(f.name()).schema(), nested.get(f.pos())));
            }
            return struct;
        } else if (v instanceof Instant t) {
            return Date.from(t);
        } else if (v instanceof LocalDate d) {
            return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
        } else if (v instanceof Enum<?> e) {
            return e.name();
        } else if (v instanceof CharSequence s) {
            return s.toString();
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(i -> out.add(toConnect(schema.valueSchema(), i)));
            return out;
        }
        return v;
    }

    /** True when {@code schema} is one of the contract's event schemas. */
    public static boolean isEvent(Schema schema) {
        return schema != null && schema.type() == Schema.Type.STRUCT && TYPES.containsKey(schema.name());
    }

    /** True when {@code schema} is an output record the app writes (an alert), which sink connectors read. */
    public static boolean isOutput(Schema schema) {
        return schema != null && schema.type() == Schema.Type.STRUCT && OUTPUTS.containsKey(schema.name());
    }

    /** The contract record of a Struct; a field the contract does not allow (missing, wrong enum) throws DataException saying which. */
    public static SpecificRecord toRecord(Struct struct) {
        Class<? extends SpecificRecord> type = TYPES.get(struct.schema().name());
        if (type == null) {
            throw new DataException("not a contract event schema: " + struct.schema().name());
        }
        org.apache.avro.Schema avro = SpecificData.get().getSchema(type);
        SpecificRecord record = (SpecificRecord) SpecificData.newInstance(type, avro);
        for (org.apache.avro.Schema.Field f : avro.getFields()) {
            Field cf = struct.schema().field(f.name());
            Object v = cf == null ? null : struct.get(cf);
            record.put(f.pos(), toAvro(f.name(), f.schema(), v));
        }
        return record;
    }

    private static Object toAvro(String name, org.apache.avro.Schema s, Object v) {
        if (s.getType() == org.apache.avro.Schema.Type.UNION) {
            if (v == null) {
                return null;
            }
            return toAvro(name, nonNull(s), v);
        }
        if (v == null) {
            throw new DataException("field '" + name + "' is required by the contract");
        }
        return switch (s.getType()) {
            case LONG -> v instanceof Date d ? d.toInstant() : v;
            case ENUM -> {
                if (!s.getEnumSymbols().contains(v.toString())) {
                    throw new DataException("field '" + name + "': '" + v + "' is not one of " + s.getEnumSymbols());
                }
                yield SpecificData.get().createEnum(v.toString(), s);
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object i : (List<?>) v) {
                    out.add(toAvro(name, s.getElementType(), i));
                }
                yield out;
            }
            case RECORD -> {
                Struct nested = (Struct) v;
                IndexedRecord out = (IndexedRecord) SpecificData.get().newRecord(null, s);
                for (org.apache.avro.Schema.Field f : s.getFields()) {
                    Field cf = nested.schema().field(f.name());
                    out.put(f.pos(), toAvro(name + "." + f.name(), f.schema(), cf == null ? null : nested.get(cf)));
                }
                yield out;
            }
            default -> v;
        };
    }
}
