package com.devsecopsmetrics.ledger;

import java.util.Arrays;
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
}
