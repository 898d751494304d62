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
        return new TreeSet<>(of(assignments, keys(catalogue)));
    }

    /**
     * The same in no order, for a reader that has read the catalogue already: its entries are not decoded a second
     * time, and a snapshot over every service does not sort them twice.
     */
    public static Set<String> of(ReadOnlyKeyValueStore<String, String> assignments, Set<String> catalogued) {
        Set<String> services = keys(assignments);
        services.addAll(catalogued);
        return services;
    }

    private static Set<String> keys(ReadOnlyKeyValueStore<String, ?> store) {
        Set<String> keys = new HashSet<>();
        try (KeyValueIterator<String, ?> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
