package com.devsecopsmetrics.catalogue;

import com.devsecopsmetrics.events.Service;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;

/** Interactive-query requests over the catalogue, for any partition of any instance; the store stays the catalogue's. */
public final class CatalogueRequests {
    /** The catalogue store, keyed by service: where a router looks up which instance holds a service's entry. */
    public static final String BY_SERVICE = CatalogueTopology.STORE;

    private CatalogueRequests() {
    }

    /** Every entry of the partitions a request goes to. */
    public static StateQueryRequest<KeyValueIterator<String, Service>> entries() {
        return StateQueryRequest.inStore(CatalogueTopology.STORE).withQuery(RangeQuery.<String, Service>withNoBounds());
    }

    /** One service's entry. */
    public static StateQueryRequest<Service> entry(String serviceId) {
        return StateQueryRequest.inStore(CatalogueTopology.STORE).withQuery(KeyQuery.<String, Service>withKey(serviceId));
    }
}
