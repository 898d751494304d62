package com.devsecopsmetrics.metrics.debt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A multiset of open-episode start times (epoch ms): how many findings started at each. Counts may be negative in a
 * change. The entries are kept as sorted primitive arrays, because a scope's total holds one per open finding and a
 * snapshot sums and reads whole totals:
 * <ul>
 * <li>changes far smaller than the entries (a day's into a service's rows) wait in a hash map and are folded in
 * when the entries are read, so adding a few to a large total stays cheap;</li>
 * <li>once either side is large, what is added is kept as a sorted run of its own, and the runs are merged only
 * when the entries are read one by one. The figures a snapshot reads ({@link #countBefore}, {@link #total},
 * {@link #startOfRank}) are read across the runs without merging them, so a scope's debt summed over partitions
 * and tiers is read in the size of the runs' count, not of their entries.</li>
 * </ul>
 * A run's arrays are never changed once made, so runs are shared between counts without copying.
 */
public final class StartCounts {
    /** From this many entries on either side, an addition is kept as a run rather than merged at once. */
    static final int RUN_ENTRIES = 4_096;
    /** More runs than this are merged before a read across them, which costs their count at each step. */
    private static final int MAX_RUNS_READ = 4_096;
    /** Up to this many entries in all, small counts are merged into one run ({@link Run#sum}) rather than kept as runs. */
    private static final int GATHERED_ENTRIES = 2_048;

    private Run sorted = Run.EMPTY;
    /** Changes not yet folded into {@link #sorted}; null when there are none. */
    private HashMap<Long, Long> pending;
    /** Runs added as they are, not yet merged into {@link #sorted}; null when there are none. */
    private List<SignedRun> runs;

    private record SignedRun(Run run, int sign) {
    }

    /** Adds {@code n} findings (negative: removes) that started at {@code start}. */
    public void add(long start, long n) {
        if (n == 0) {
            return;
        }
        if (pending == null) {
            pending = new HashMap<>();
        }
        pending.merge(start, n, Long::sum);
        if (pending.size() > 16 + sorted.size / 16) {
            fold();
        }
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) every entry of {@code other}. */
    public void add(StartCounts other, int sign) {
        other.fold();
        if (!isSmall() || !other.isSmall()) {
            keepAll(other, sign);
            return;
        }
        // A merge of the sorted arrays costs both sizes in cheap steps; a hashed entry costs ten or more of them.
        if (other.sorted.size * 16 >= sorted.size) {
            fold();
            sorted = Run.merge(sorted, 1, other.sorted, sign);
            return;
        }
        for (int i = 0; i < other.sorted.size; i++) {
            add(other.sorted.starts[i], sign * other.sorted.counts[i]);
        }
    }

    /**
     * The sum of many counts, which are read and not changed. Few entries in all (a service's days, a scope's days
     * after a snapshot's date) are merged into one run ({@link Run#sum}). Many (a scope's days at ten thousand
     * services) are kept as runs, read across without merging; so are large counts.
     */
    public static StartCounts sum(List<StartCounts> parts) {
        StartCounts sum = new StartCounts();
        List<Run> small = new ArrayList<>(parts.size());
        int entries = 0;
        for (StartCounts part : parts) {
            part.fold();
            if (!part.isSmall()) {
                sum.keepAll(part, 1);
            } else if (part.sorted.size > 0) {
                small.add(part.sorted);
                entries += part.sorted.size;
            }
        }
        if (entries > GATHERED_ENTRIES) {
            small.forEach(run -> sum.keep(run, 1));
        } else {
            sum.keep(Run.sum(small), 1);
        }
        return sum;
    }

    /** No runs and fewer entries than {@link #RUN_ENTRIES} (pending changes folded): merged at once when added. */
    private boolean isSmall() {
        return runs == null && sorted.size < RUN_ENTRIES;
    }

    private void keepAll(StartCounts other, int sign) {
        keep(other.sorted, sign);
        if (other.runs != null) {
            other.runs.forEach(r -> keep(r.run(), sign * r.sign()));
        }
    }

    private void keep(Run run, int sign) {
        if (run.size == 0) {
            return;
        }
        if (runs == null) {
            runs = new ArrayList<>();
        }
        runs.add(new SignedRun(run, sign));
    }

    /** Folds the pending changes into the sorted entries. */
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
        sorted = Run.merge(sorted, 1, new Run(s, c, n), 1);
    }

    /** Merges everything into the sorted entries: the smallest runs first, so each entry is merged few times. */
    private void settle() {
        fold();
        if (runs == null) {
            return;
        }
        PriorityQueue<SignedRun> bySize = new PriorityQueue<>(Comparator.comparingInt(r -> r.run().size));
        bySize.add(new SignedRun(sorted, 1));
        bySize.addAll(runs);
        while (bySize.size() > 1) {
            SignedRun a = bySize.poll();
            SignedRun b = bySize.poll();
            bySize.add(new SignedRun(Run.merge(a.run(), a.sign(), b.run(), b.sign()), 1));
        }
        sorted = bySize.poll().run();
        runs = null;
    }

    /** The sorted entries and the runs, each with its sign, for a read across them. */
    private List<SignedRun> readable() {
        fold();
        if (runs != null && runs.size() > MAX_RUNS_READ) {
            settle();
        }
        List<SignedRun> all = new ArrayList<>(runs == null ? 1 : runs.size() + 1);
        if (sorted.size > 0) {
            all.add(new SignedRun(sorted, 1));
        }
        if (runs != null) {
            all.addAll(runs);
        }
        return all;
    }

    /** Distinct start times with a count other than zero. */
    public int size() {
        settle();
        return sorted.size;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The i-th start time in ascending order ({@code i < size()}). */
    public long start(int i) {
        settle();
        return sorted.starts[i];
    }

    /** How many findings started at the i-th start time. */
    public long count(int i) {
        settle();
        return sorted.counts[i];
    }

    /** How many findings started before {@code time}: the sum of the counts of the earlier start times. */
    public long countBefore(long time) {
        fold();
        if (runs == null) { // a service's state, read for each snapshot it publishes: no list to build
            return sorted.countBefore(time);
        }
        long n = 0;
        for (SignedRun r : readable()) {
            n += r.sign() * r.run().countBefore(time);
        }
        return n;
    }

    /** The sum of the counts: how many findings, for a state (whose counts are never negative, unlike a change's). */
    public long total() {
        fold();
        if (runs == null) {
            return sorted.total();
        }
        long n = 0;
        for (SignedRun r : readable()) {
            n += r.sign() * r.run().total();
        }
        return n;
    }

    /**
     * The start time of rank {@code k} (0: the earliest) when each start time is repeated as often as its count, for
     * a state ({@code k < total()}). Across runs, the least time before which more than k findings started.
     */
    public long startOfRank(long k) {
        fold();
        if (runs == null) {
            return sorted.startOfRank(k);
        }
        List<SignedRun> all = readable();
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (SignedRun r : all) {
            lo = Math.min(lo, r.run().starts[0]);
            hi = Math.max(hi, r.run().starts[r.run().size - 1]);
        }
        while (lo < hi) { // start times lie within the years 1 to 9999, so hi - lo does not overflow
            long mid = lo + (hi - lo) / 2;
            long upToMid = 0;
            for (SignedRun r : all) {
                upToMid += r.sign() * r.run().countBefore(mid + 1);
            }
            if (upToMid > k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The entries as a map, in ascending order of start (for tests and diagnostics). */
    public Map<Long, Long> asMap() {
        settle();
        Map<Long, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size; i++) {
            map.put(sorted.starts[i], sorted.counts[i]);
        }
        return map;
    }

    /** The entries from the i-th to before the j-th in ascending order of start, as counts of their own. */
    public StartCounts slice(int i, int j) {
        settle();
        StartCounts s = new StartCounts();
        s.sorted = new Run(Arrays.copyOfRange(sorted.starts, i, j), Arrays.copyOfRange(sorted.counts, i, j), j - i);
        return s;
    }

    public StartCounts copy() {
        StartCounts copy = new StartCounts();
        copy.add(this, 1);
        return copy;
    }

    /** Reads entries written in any order (ascending in this build's writes, in hash order in older ones). */
    public static StartCounts of(long[] starts, long[] counts) {
        StartCounts s = new StartCounts();
        boolean ascending = true;
        for (int i = 1; i < starts.length && ascending; i++) {
            ascending = starts[i - 1] < starts[i];
        }
        if (!ascending) {
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
        s.sorted = new Run(starts, counts, n);
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StartCounts other)) {
            return false;
        }
        settle();
        other.settle();
        return Arrays.equals(sorted.starts, 0, sorted.size, other.sorted.starts, 0, other.sorted.size)
                && Arrays.equals(sorted.counts, 0, sorted.size, other.sorted.counts, 0, other.sorted.size);
    }

    @Override
    public int hashCode() {
        settle();
        return 31 * Arrays.hashCode(Arrays.copyOf(sorted.starts, sorted.size)) + Arrays.hashCode(Arrays.copyOf(sorted.counts, sorted.size));
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
