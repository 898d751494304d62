package com.devsecopsmetrics.metrics.debt;

import java.util.List;

/**
 * Start times in ascending order, each with a count other than zero; never changed once made. The running sums of
 * the counts are worked out when a read first needs them, so that reads by time cost a binary search.
 */
final class Run {
    static final Run EMPTY = new Run(new long[0], new long[0], 0);
    /** Below this size a read walks the entries rather than building running sums. */
    private static final int WALKED = 16;

    final long[] starts;
    final long[] counts;
    final int size;
    /** runningSums[i]: the counts of entries 0..i summed; null until first needed. */
    private volatile long[] runningSums;

    Run(long[] starts, long[] counts, int size) {
        this.starts = starts;
        this.counts = counts;
        this.size = size;
    }

    /** {@code signA} × a + {@code signB} × b, entries whose counts cancel left out. */
    static Run merge(Run a, int signA, Run b, int signB) {
        long[] s = new long[a.size + b.size];
        long[] c = new long[a.size + b.size];
        int n = mergeInto(a.starts, a.counts, 0, a.size, signA, b.starts, b.counts, 0, b.size, signB, s, c, 0);
        return new Run(s, c, n);
    }

    /**
     * The sum of the runs, entries whose counts cancel left out. Adjacent runs are merged
     * pairwise, round by round, between two buffers: each round moves every entry once and the rounds are the log of
     * the runs' count, with no allocation per pair. A sort of all entries and a binary search per entry, which this
     * replaces, were the larger part of reading a scope's debt in an org snapshot's profile.
     */
    static Run sum(List<Run> runs) {
        if (runs.isEmpty()) {
            return EMPTY;
        }
        int entries = runs.stream().mapToInt(run -> run.size).sum();
        long[] starts = new long[entries];
        long[] counts = new long[entries];
        int[] bounds = new int[runs.size() + 1]; // run i lies from bounds[i] to before bounds[i + 1]
        int k = 0;
        for (Run run : runs) {
            System.arraycopy(run.starts, 0, starts, bounds[k], run.size);
            System.arraycopy(run.counts, 0, counts, bounds[k], run.size);
            bounds[k + 1] = bounds[k] + run.size;
            k++;
        }
        long[] nextStarts = new long[entries];
        long[] nextCounts = new long[entries];
        while (k > 1) {
            int merged = 0;
            for (int r = 0; r < k; r += 2) {
                int aFrom = bounds[r];
                int aTo = bounds[r + 1];
                int bTo = r + 1 < k ? bounds[r + 2] : aTo; // an odd run out is copied on as it is
                int n = bounds[merged];
                n = mergeInto(starts, counts, aFrom, aTo, 1, starts, counts, aTo, bTo, 1, nextStarts, nextCounts, n);
                bounds[++merged] = n; // read positions r, r + 1, r + 2 are read before position merged <= r + 1 is written
            }
            k = merged;
            long[] swap = starts;
            starts = nextStarts;
            nextStarts = swap;
            swap = counts;
            counts = nextCounts;
            nextCounts = swap;
        }
        return new Run(starts, counts, bounds[1]);
    }

    /**
     * Merges {@code signA} × entries [aFrom, aTo) of aS/aC and {@code signB} × entries [bFrom, bTo) of bS/bC into the
     * targets from {@code n}, entries whose counts cancel left out; returns the new end.
     */
    private static int mergeInto(long[] aS, long[] aC, int aFrom, int aTo, int signA, long[] bS, long[] bC, int bFrom, int bTo,
                                 int signB, long[] toS, long[] toC, int n) {
        int i = aFrom;
        int j = bFrom;
        while (i < aTo || j < bTo) {
            long start;
            long count;
            if (j >= bTo || (i < aTo && aS[i] < bS[j])) {
                start = aS[i];
                count = signA * aC[i++];
            } else if (i >= aTo || bS[j] < aS[i]) {
                start = bS[j];
                count = signB * bC[j++];
            } else {
                start = aS[i];
                count = signA * aC[i++] + signB * bC[j++];
            }
            if (count != 0) {
                toS[n] = start;
                toC[n++] = count;
            }
        }
        return n;
    }

    /** The counts of the start times before {@code time}, summed. */
    long countBefore(long time) {
        if (size < WALKED) {
            long n = 0;
            for (int i = 0; i < size && starts[i] < time; i++) {
                n += counts[i];
            }
            return n;
        }
        int lo = 0;
        int hi = size; // the first index whose start is at or after time lies in lo..hi
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : runningSums()[lo - 1];
    }

    long total() {
        return size == 0 ? 0 : size < WALKED ? countBefore(Long.MAX_VALUE) : runningSums()[size - 1];
    }

    /** The start of rank k when each start is repeated by its count (counts not negative; k below the total). */
    long startOfRank(long k) {
        if (size >= WALKED) {
            long[] sums = runningSums();
            int lo = 0;
            int hi = size - 1; // the first index whose running sum passes k lies in lo..hi
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sums[mid] > k) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return starts[lo];
        }
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += counts[i];
            if (seen > k) {
                return starts[i];
            }
        }
        throw new IllegalArgumentException("rank " + k + " of " + seen);
    }

    private long[] runningSums() {
        if (runningSums == null) {
            long[] sums = new long[size];
            long n = 0;
            for (int i = 0; i < size; i++) {
                n += counts[i];
                sums[i] = n;
            }
            runningSums = sums;
        }
        return runningSums;
    }
}
