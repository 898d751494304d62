package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.Map;

/** Contract events as source records: topic {@code <prefix><kind>}, key {@code service_id}, record time the event's own time. */
public final class EventRecords {
    private EventRecords() {
    }

    public static SourceRecord of(ContractEvent event, String topicPrefix, Map<String, ?> partition, Map<String, ?> offset, Iterable<Header> headers) {
        Struct value = EventStructs.toStruct(event.value());
        return new SourceRecord(partition, offset, topicPrefix + event.kind(), null, Schema.STRING_SCHEMA, event.serviceId(),
                value.schema(), value, eventTime(event.value()).toEpochMilli(), headers);
    }

    private static Instant eventTime(SpecificRecord r) {
        for (String f : new String[]{"committed_at", "deployed_at", "completed_at", "occurred_at"}) {
            if (r.getSchema().getField(f) != null) {
                return (Instant) r.get(r.getSchema().getField(f).pos());
            }
        }
        throw new IllegalArgumentException("no event time in " + r.getSchema().getFullName());
    }
}
