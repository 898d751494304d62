package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * Contract events as source records: topic {@code <prefix><kind>}, key {@code service_id}, no record timestamp (the
 * producer's time, as {@code dsm load} does). The app reads each event's own time field; an old event time as record
 * time would let a topic's time-based retention delete backfilled history at once.
 */
public final class EventRecords {
    private EventRecords() {
    }

    /**
     * The record of one event about to be emitted; an event that cannot be one (a time beyond what a record's
     * timestamp holds) is the payload's problem: {@link UnreadablePayload}, like any other it carries.
     */
    public static SourceRecord of(ContractEvent event, String topicPrefix, Map<String, ?> partition, Map<String, ?> offset, Iterable<Header> headers) {
        Struct value;
        try {
            value = EventStructs.toStruct(event.value());
        } catch (RuntimeException e) {
            throw new UnreadablePayload("an event for " + topicPrefix + event.kind() + " cannot be written as a record: a value is beyond its field's range", e);
        }
        return new SourceRecord(partition, offset, topicPrefix + event.kind(), null, Schema.STRING_SCHEMA, event.serviceId(),
                value.schema(), value, null, headers);
    }
}
