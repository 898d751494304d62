package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractRules;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Makes an event's own time field (DESIGN §3) the record time, never the produce time, but only when that time
 * may become stream time (DESIGN §7): an event from the future would make every later event look late and stamp
 * what the application writes with a time the broker refuses; one before 1970 would be dropped by Kafka Streams
 * without a trace. Such a record keeps the partition's current time instead (0 before the first), so it reaches
 * the admission check, which sends it to the dead-letter topic.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    private final ContractRules rules;

    public EventTimeExtractor(ContractRules rules) {
        this.rules = rules;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof SpecificRecord event) {
            var kind = EventKind.ofRecord(event);
            if (kind.isPresent()) {
                long eventTime = kind.get().eventTime(event).toEpochMilli();
                if (rules.isTimely(eventTime, System.currentTimeMillis())) {
                    return eventTime;
                }
            }
        }
        // Tombstones and untimely events: keep them in place, without moving stream time.
        return Math.max(partitionTime, 0);
    }
}
