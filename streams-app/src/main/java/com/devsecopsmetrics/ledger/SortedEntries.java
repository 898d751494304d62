package com.devsecopsmetrics.ledger;

import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A small sorted set of strings kept as one store value (entries joined by U+001E). Reading one value is far
 * cheaper than opening a store iterator, and these sets (deployments listing a commit, links to a deployment)
 * hold a handful of entries.
 */
public final class SortedEntries {
    private static final String SEP = "\u001e";

    private SortedEntries() {
    }

    public static TreeSet<String> decode(String value) {
        TreeSet<String> entries = new TreeSet<>();
        if (value != null && !value.isEmpty()) {
            entries.addAll(Arrays.asList(value.split(SEP)));
        }
        return entries;
    }

    /** The least entry, read without decoding the rest; null for an empty set. */
    static String first(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int end = value.indexOf(SEP);
        return end < 0 ? value : value.substring(0, end);
    }

    static String encode(TreeSet<String> entries) {
        return entries.isEmpty() ? null : String.join(SEP, entries);
    }

    /**
     * Adds {@code entry} to, or removes it from, the set stored under {@code key}. Only a change is written: most
     * events re-index what is already there (a replayed or re-sent event), and an unchanged row need not reach the
     * changelog. A set left empty is deleted.
     */
    static void update(KeyValueStore<String, String> store, String key, String entry, boolean present) {
        TreeSet<String> entries = decode(store.get(key));
        boolean changed = present ? entries.add(entry) : entries.remove(entry);
        if (changed) {
            LedgerStores.putOrDelete(store, key, encode(entries), Objects::isNull);
        }
    }
}
