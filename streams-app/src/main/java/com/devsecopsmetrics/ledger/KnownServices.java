package com.devsecopsmetrics.ledger;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

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
}
