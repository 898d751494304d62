package com.devsecopsmetrics.ledger;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
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

    /**
     * The same in the stores' key order, given the catalogue's keys in that order (as {@link LedgerReads#catalogue()}
     * reads them): a merge of two ordered lists, not a set. An org snapshot at 10,000 services spent a tenth of its
     * time hashing these into a set and sorting them again; partitions' lists in order sort together in one pass.
     */
    public static List<String> inKeyOrder(ReadOnlyKeyValueStore<String, String> assignments, Collection<String> catalogued) {
        try (KeyValueIterator<String, String> it = assignments.all()) {
            return merge(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public String next() {
                    return it.next().key;
                }
            }, catalogued.iterator());
        }
    }

    /** Two lists of distinct keys, each in key order, as one in key order, each key once. */
    static List<String> merge(Iterator<String> a, Iterator<String> b) {
        List<String> merged = new ArrayList<>();
        String x = a.hasNext() ? a.next() : null;
        String y = b.hasNext() ? b.next() : null;
        while (x != null || y != null) {
            int order = x == null ? 1 : y == null ? -1 : byKeyOrder(x, y);
            merged.add(order <= 0 ? x : y);
            if (order <= 0) {
                x = a.hasNext() ? a.next() : null;
            }
            if (order >= 0) {
                y = b.hasNext() ? b.next() : null;
            }
        }
        return merged;
    }

    /**
     * The stores' order of string keys: their UTF-8 bytes compared unsigned, which is code point order. It differs
     * from {@link String#compareTo} only where a character above U+FFFF (a surrogate pair) meets one of U+E000-U+FFFF.
     */
    static int byKeyOrder(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xPair = Character.isSurrogate(x);
                if (xPair != Character.isSurrogate(y)) {
                    return xPair ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static Set<String> keys(ReadOnlyKeyValueStore<String, ?> store) {
        Set<String> keys = new HashSet<>();
        try (KeyValueIterator<String, ?> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
