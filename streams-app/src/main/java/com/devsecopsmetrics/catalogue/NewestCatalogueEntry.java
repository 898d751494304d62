package com.devsecopsmetrics.catalogue;

import com.devsecopsmetrics.events.Service;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the newest catalogue entry per service. Newest is by event time, not arrival, so a backfill in any
 * order ends in the same table; at equal times the larger entry wins so the choice does not depend on order.
 */
final class NewestCatalogueEntry implements Processor<String, Service, String, CatalogueChange> {
    private KeyValueStore<String, Service> store;
    private ProcessorContext<String, CatalogueChange> context;

    @Override
    public void init(ProcessorContext<String, CatalogueChange> context) {
        this.context = context;
        store = context.getStateStore(CatalogueTopology.STORE);
    }

    @Override
    public void process(Record<String, Service> record) {
        String key = record.key();
        Service entry = record.value();
        if (entry == null) {
            if (store.delete(key) != null) { // a tombstone on the compacted topic removes the service
                context.forward(record.withValue(new CatalogueChange(key, null)));
            }
            return;
        }
        Service current = store.get(key);
        if (current == null || isNewer(entry, current)) {
            store.put(key, entry);
            context.forward(record.withValue(new CatalogueChange(key, entry)));
        }
    }

    static boolean isNewer(Service candidate, Service current) {
        int byTime = candidate.getUpdatedAt().compareTo(current.getUpdatedAt());
        if (byTime != 0) {
            return byTime > 0;
        }
        return candidate.toString().compareTo(current.toString()) > 0;
    }
}
