package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import com.devsecopsmetrics.contract.ContractRules;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Clock;
import java.util.Map;

/**
 * Contract events as source records: topic {@code <prefix><kind>}, key {@code service_id}, no record timestamp (the
 * producer's time, as {@code dsm load} does). The app reads each event's own time field; an old event time as record
 * time would let a topic's time-based retention delete backfilled history at once. Every event passes the
 * contract's rules (DESIGN §7, {@link ContractRules}) here, the one door both connectors emit through, so that a
 * sender learns of a violation (a webhook's 422, a SARIF file's error reason) instead of the dead-letter topic.
 */
public final class EventRecords {
    private final String topicPrefix;
    private final ContractRules rules;
    private final Clock clock;

    public EventRecords(String topicPrefix, ContractRules rules, Clock clock) {
        this.topicPrefix = topicPrefix;
        this.rules = rules;
        this.clock = clock;
    }

    /** The connector's prefix and {@code event.time.max.future.ms}, from its validated configuration. */
    public static EventRecords of(Map<String, ?> parsed, Clock clock) {
        return new EventRecords((String) parsed.get(MappingConfigDef.TOPIC_PREFIX),
                new ContractRules((Long) parsed.get(ContractRules.MAX_FUTURE_CONFIG)), clock);
    }

    /**
     * The record of one event about to be emitted. Throws the rules' {@link com.devsecopsmetrics.contract.ContractViolation},
     * or {@link UnreadablePayload} for an event that cannot be a record at all (a value beyond its field's range).
     */
    public SourceRecord record(ContractEvent event, Map<String, ?> partition, Map<String, ?> offset, Iterable<Header> headers) {
        rules.check(event.value(), clock.millis());
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
