package com.devsecopsmetrics.app;

import com.devsecopsmetrics.ingest.EventKind;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/** Makes an event's own time field (DESIGN §3) the record time, never the produce time. */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof SpecificRecord event) {
            return EventKind.ofRecord(event).map(k -> k.eventTime(event).toEpochMilli()).orElse(record.timestamp());
        }
        // Tombstones carry no event; keep them in place.
        return partitionTime >= 0 ? partitionTime : record.timestamp();
    }
}
