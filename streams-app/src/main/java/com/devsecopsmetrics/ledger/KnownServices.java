package com.devsecopsmetrics.ledger;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** The services a partition knows: those with figures (they have a scope assignment) and those in the catalogue. */
public final class KnownServices {
    private KnownServices() {
    }

    public static TreeSet<String> of(ReadOnlyKeyValueStore<String, String> assignments, ReadOnlyKeyValueStore<String, ?> catalogue) {
        TreeSet<String> services = new TreeSet<>();
        try (KeyValueIterator<String, String> it = assignments.all()) {
            it.forEachRemaining(kv -> services.add(kv.key));
        }
        try (KeyValueIterator<String, ?> it = catalogue.all()) {
            it.forEachRemaining(kv -> services.add(kv.key));
        }
        return services;
    }

    /**
     * The same in no order, for a reader that has read the catalogue already: its entries are not decoded a second
     * time, and a snapshot over every service does not sort them twice.
     */
    public static Set<String> of(ReadOnlyKeyValueStore<String, String> assignments, Set<String> catalogued) {
        Set<String> services = new HashSet<>(catalogued);
        try (KeyValueIterator<String, String> it = assignments.all()) {
            it.forEachRemaining(kv -> services.add(kv.key));
        }
        return services;
    }
}
