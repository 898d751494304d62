package com.devsecopsmetrics.metrics.debt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multiset of open-episode start times (epoch ms): how many findings started at each. Counts may be negative in a
 * change. The entries are kept as two sorted primitive arrays, because a scope's total holds one per open finding
 * and a snapshot merges, sorts and walks whole totals; changes far smaller than the entries (a day's into a scope's
 * total) wait in a hash map and are folded in when the entries are read, so adding a few to a large total stays cheap.
 */
public final class StartCounts {
    private static final long[] NONE = new long[0];

    private long[] starts = NONE;
    private long[] counts = NONE;
    private int size;
    /** Changes not yet folded into the arrays; null when there are none. */
    private HashMap<Long, Long> pending;

    /** Adds {@code n} findings (negative: removes) that started at {@code start}. */
    public void add(long start, long n) {
        if (n == 0) {
            return;
        }
        if (pending == null) {
            pending = new HashMap<>();
        }
        pending.merge(start, n, Long::sum);
        if (pending.size() > 16 + size / 16) {
            fold();
        }
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) every entry of {@code other}. */
    public void add(StartCounts other, int sign) {
        other.fold();
        // A merge of the sorted arrays costs both sizes in cheap steps; a hashed entry costs ten or more of them.
        if (other.size * 16 >= size) {
            fold();
            mergeSorted(other.starts, other.counts, other.size, sign);
            return;
        }
        for (int i = 0; i < other.size; i++) {
            add(other.starts[i], sign * other.counts[i]);
        }
    }

    /** Folds the pending changes into the sorted arrays. */
    private void fold() {
        if (pending == null || pending.isEmpty()) {
            pending = null;
            return;
        }
        long[] s = new long[pending.size()];
        int n = 0;
        for (Long start : pending.keySet()) {
            s[n++] = start;
        }
        Arrays.sort(s);
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = pending.get(s[i]);
        }
        pending = null;
        mergeSorted(s, c, n, 1);
    }

    private void mergeSorted(long[] otherStarts, long[] otherCounts, int otherSize, int sign) {
        long[] s = new long[size + otherSize];
        long[] c = new long[size + otherSize];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < otherSize) {
            long start;
            long count;
            if (j >= otherSize || (i < size && starts[i] < otherStarts[j])) {
                start = starts[i];
                count = counts[i++];
            } else if (i >= size || otherStarts[j] < starts[i]) {
                start = otherStarts[j];
                count = sign * otherCounts[j++];
            } else {
                start = starts[i];
                count = counts[i++] + sign * otherCounts[j++];
            }
            if (count != 0) {
                s[n] = start;
                c[n++] = count;
            }
        }
        starts = s;
        counts = c;
        size = n;
    }

    /** Distinct start times with a count other than zero. */
    public int size() {
        fold();
        return size;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The i-th start time in ascending order ({@code i < size()}). */
    public long start(int i) {
        fold();
        return starts[i];
    }

    /** How many findings started at the i-th start time. */
    public long count(int i) {
        fold();
        return counts[i];
    }

    /** How many findings started before {@code time}: the sum of the counts of the earlier start times. */
    public long countBefore(long time) {
        fold();
        long n = 0;
        for (int i = 0; i < size && starts[i] < time; i++) {
            n += counts[i];
        }
        return n;
    }

    /** The entries as a map, in ascending order of start (for tests and diagnostics). */
    public Map<Long, Long> asMap() {
        fold();
        Map<Long, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(starts[i], counts[i]);
        }
        return map;
    }

    public StartCounts copy() {
        StartCounts copy = new StartCounts();
        copy.add(this, 1);
        return copy;
    }

    /** Reads entries written in any order (ascending in this build's writes, in hash order in older ones). */
    public static StartCounts of(long[] starts, long[] counts) {
        StartCounts s = new StartCounts();
        boolean sorted = true;
        for (int i = 1; i < starts.length && sorted; i++) {
            sorted = starts[i - 1] < starts[i];
        }
        if (!sorted) {
            for (int i = 0; i < starts.length; i++) {
                s.add(starts[i], counts[i]);
            }
            s.fold();
            return s;
        }
        int n = 0;
        for (int i = 0; i < starts.length; i++) {
            if (counts[i] != 0) {
                starts[n] = starts[i];
                counts[n++] = counts[i];
            }
        }
        s.starts = starts;
        s.counts = counts;
        s.size = n;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StartCounts other)) {
            return false;
        }
        fold();
        other.fold();
        return Arrays.equals(starts, 0, size, other.starts, 0, other.size) && Arrays.equals(counts, 0, size, other.counts, 0, other.size);
    }

    @Override
    public int hashCode() {
        fold();
        return 31 * Arrays.hashCode(Arrays.copyOf(starts, size)) + Arrays.hashCode(Arrays.copyOf(counts, size));
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
