package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import org.apache.avro.specific.SpecificRecord;

/**
 * Receives generated events one at a time, in event-time order, so that a large organisation's
 * history never has to be held in memory.
 */
@FunctionalInterface
public interface EventSink {

    /**
     * @param kind  one of {@link EventKind#ALL}: the topic suffix the event belongs to
     * @param event a contract record (Service, Commit, Deployment, Incident, ScanResult or Finding)
     */
    void accept(EventKind kind, SpecificRecord event);
}
