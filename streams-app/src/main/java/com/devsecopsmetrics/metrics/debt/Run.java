package com.devsecopsmetrics.metrics.debt;

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
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.size || j < b.size) {
            long start;
            long count;
            if (j >= b.size || (i < a.size && a.starts[i] < b.starts[j])) {
                start = a.starts[i];
                count = signA * a.counts[i++];
            } else if (i >= a.size || b.starts[j] < a.starts[i]) {
                start = b.starts[j];
                count = signB * b.counts[j++];
            } else {
                start = a.starts[i];
                count = signA * a.counts[i++] + signB * b.counts[j++];
            }
            if (count != 0) {
                s[n] = start;
                c[n++] = count;
            }
        }
        return new Run(s, c, n);
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
