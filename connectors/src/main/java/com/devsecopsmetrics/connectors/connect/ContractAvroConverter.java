package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.serde.AvroSerdeConfig;
import com.devsecopsmetrics.serde.KafkaAvroDeserializer;
import com.devsecopsmetrics.serde.KafkaAvroSerializer;
import com.devsecopsmetrics.serde.MockSchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A Connect value converter for the contract's topics: a contract event Struct ({@link EventStructs}) is written as
 * the contract's Avro record in the Confluent wire format (magic byte 0, schema id, Avro binary) through the
 * project's serde, with Confluent's keys ({@code schema.registry.url}, {@code auto.register.schemas},
 * {@code basic.auth.*}, {@code schema.registry.ssl.*}). Bytes (the raw payload topic) pass through unchanged.
 * Anything else is refused with a DataException, which the worker's {@code errors.tolerance} handles.
 */
public class ContractAvroConverter implements Converter {
    private final KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    private final KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        Map<String, Object> reader = new HashMap<>(configs);
        reader.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        deserializer.configure(reader, isKey);
        // A worker JVM's mock registry knows the event schemas only; the alerts the app wrote need theirs by id too.
        MockSchemaRegistry.preload(Alert.getClassSchema());
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema != null && schema.type() == Schema.Type.BYTES) {
            return value instanceof ByteBuffer b ? bytes(b) : (byte[]) value;
        }
        if (value instanceof Struct struct && EventStructs.isEvent(struct.schema())) {
            try {
                return serializer.serialize(topic, EventStructs.toRecord(struct));
            } catch (SerializationException e) {
                throw new DataException("cannot write " + struct.schema().name() + " to " + topic + ": " + e.getMessage(), e);
            }
        }
        throw new DataException("ContractAvroConverter writes contract events and bytes only; got "
                + (schema == null ? value.getClass().getName() : schema.type() + " " + schema.name()) + " for " + topic);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (value.length < 5 || value[0] != 0) {
            return new SchemaAndValue(Schema.BYTES_SCHEMA, value);
        }
        try {
            Object record = deserializer.deserialize(topic, value);
            if (record instanceof SpecificRecord r && readable(EventStructs.schemaOf(r.getSchema()))) {
                Struct struct = EventStructs.toStruct(r);
                return new SchemaAndValue(struct.schema(), struct);
            }
            throw new DataException(topic + ": not a contract event: " + (record == null ? "null" : record.getClass().getName()));
        } catch (SerializationException e) {
            throw new DataException("cannot read a contract event from " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Events, and the app's alerts so that a sink connector can read devsecops.alerts (alerts are never written). */
    private static boolean readable(Schema schema) {
        return EventStructs.isEvent(schema) || EventStructs.isOutput(schema);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(AvroSerdeConfig.SCHEMA_REGISTRY_URL, ConfigDef.Type.LIST, ConfigDef.Importance.HIGH,
                        "Confluent-compatible schema registry URL(s), or mock://<scope> for the in-process registry")
                .define(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.MEDIUM,
                        "register the writer schema under <topic>-value");
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
