package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.events.Service;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The scopes each service of the task rolls up into: fixed from the catalogue when its first fact arrives, and
 * moved only by {@link ScopeReassignment}, so a service's figures always sit in the scopes the store names.
 */
final class ScopeAssignments {
    private final KeyValueStore<String, Service> catalogue;
    private final KeyValueStore<String, String> assignments;
    /**
     * The assignments store read once per service: every event asks for it, only this processor writes it, and
     * a task that moves starts with an empty cache and reads the store again.
     */
    private final Map<String, ScopeAssignment> cache = new HashMap<>();

    ScopeAssignments(ProcessorContext<?, ?> context) {
        catalogue = context.getStateStore(CatalogueTopology.STORE);
        assignments = context.getStateStore(LedgerStores.ASSIGNMENTS);
    }

    /** The service's assignment, stored from its catalogue entry the first time the service has a fact. */
    ScopeAssignment of(String service) {
        ScopeAssignment known = cache.get(service);
        if (known != null) {
            return known;
        }
        String current = assignments.get(service);
        ScopeAssignment assignment = current != null ? ScopeAssignment.parse(current) : ScopeAssignment.of(catalogue.get(service));
        if (current == null) {
            assignments.put(service, assignment.encode());
        }
        cache.put(service, assignment);
        return assignment;
    }

    /** The stored assignment, read past the cache; null for a service with no figures yet. */
    ScopeAssignment stored(String service) {
        String current = assignments.get(service);
        return current == null ? null : ScopeAssignment.parse(current);
    }

    void assign(String service, ScopeAssignment updated) {
        assignments.put(service, updated.encode());
        cache.put(service, updated);
    }

    /** The services the task knows: those with figures and those in the catalogue. */
    Set<String> known() {
        return KnownServices.of(assignments, catalogue);
    }
}
