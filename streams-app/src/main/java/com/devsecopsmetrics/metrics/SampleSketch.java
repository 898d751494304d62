package com.devsecopsmetrics.metrics;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A mergeable histogram of non-negative samples with logarithmic buckets, so every quantile it reports is
 * within 0.5% of the exact one (DDSketch's scheme). Unlike DDSketch's library it also subtracts, which the
 * roll-ups need when a late event changes a day that was already counted. A sketch of few buckets keeps them in
 * sorted arrays; past {@link #DENSE_AT} it keeps a dense array over their range, so merging the hundreds of days of
 * a query is a loop of additions.
 */
public final class SampleSketch {
    static final double RELATIVE_ACCURACY = 0.005;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Samples this small (e.g. a lead time of a few milliseconds) count as zero. */
    private static final double MIN_POSITIVE = 1e-6;

    private static final int[] NO_BUCKETS = new int[0];
    private static final long[] NO_COUNTS = new long[0];
    /** Past this many buckets in use a sketch goes dense: a scope's day, or a query's sum of many days. */
    static final int DENSE_AT = 64;

    private long zeroCount;
    /**
     * Sparse (the common case, a service-day's few samples spread over hundreds of buckets): the buckets in use,
     * ascending, with {@code counts[i]} samples in bucket {@code buckets[i]} for i below {@code size}. A dense array over
     * that range took kilobytes per row and was a tenth of the bytes the stream threads allocated. Dense once past
     * {@link #DENSE_AT} buckets ({@code buckets} null): {@code counts[i]} is bucket {@code offset + i}, so summing the
     * days of a query stays a loop of additions in place. Either way a count may be zero after a subtraction.
     */
    private int[] buckets = NO_BUCKETS;
    private long[] counts = NO_COUNTS;
    private int size;
    private int offset;
    private long count;

    public static SampleSketch of(double... samples) {
        SampleSketch s = new SampleSketch();
        for (double x : samples) {
            s.add(x);
        }
        return s;
    }

    public void add(double sample) {
        if (sample < 0 || Double.isNaN(sample)) {
            throw new IllegalArgumentException("samples must be non-negative, got " + sample);
        }
        if (sample < MIN_POSITIVE) {
            addToZero(1);
        } else {
            addToBucket((int) Math.ceil(Math.log(sample) / LOG_GAMMA), 1);
        }
    }

    static double valueOf(int bucket) {
        return 2 * Math.pow(GAMMA, bucket) / (GAMMA + 1);
    }

    void addToZero(long n) {
        zeroCount += n;
        count += n;
    }

    private boolean dense() {
        return buckets == null;
    }

    /** How many entries {@link #bucketAt} and {@code counts} hold, ascending by bucket. */
    private int entries() {
        return dense() ? counts.length : size;
    }

    private int bucketAt(int i) {
        return dense() ? offset + i : buckets[i];
    }

    /** A delta (new minus old contribution) may hold negative counts; a stored total never does. */
    void addToBucket(int bucket, long n) {
        if (!dense() && size == DENSE_AT) {
            toDense();
        }
        if (dense()) {
            ensureCovers(bucket, bucket);
            counts[bucket - offset] += n;
            count += n;
            return;
        }
        int i = Arrays.binarySearch(buckets, 0, size, bucket);
        if (i < 0) {
            i = -i - 1;
            if (size == buckets.length) {
                int capacity = Math.max(4, size * 2);
                buckets = Arrays.copyOf(buckets, capacity);
                counts = Arrays.copyOf(counts, capacity);
            }
            System.arraycopy(buckets, i, buckets, i + 1, size - i);
            System.arraycopy(counts, i, counts, i + 1, size - i);
            buckets[i] = bucket;
            counts[i] = 0;
            size++;
        }
        counts[i] += n;
        count += n;
    }

    private void toDense() {
        long[] sparse = counts;
        int[] sparseBuckets = buckets;
        int n = size;
        buckets = null;
        size = 0;
        counts = NO_COUNTS;
        if (n > 0) {
            ensureCovers(sparseBuckets[0], sparseBuckets[n - 1]);
            for (int i = 0; i < n; i++) {
                counts[sparseBuckets[i] - offset] += sparse[i];
            }
        }
    }

    /** Dense only: widens the array to cover buckets {@code low} to {@code high}. */
    private void ensureCovers(int low, int high) {
        if (counts.length == 0) {
            offset = low;
            counts = new long[high - low + 1];
            return;
        }
        int currentHigh = offset + counts.length - 1;
        if (low >= offset && high <= currentHigh) {
            return;
        }
        int newLow = Math.min(low, offset);
        int newHigh = Math.max(high, currentHigh);
        long[] grown = new long[newHigh - newLow + 1];
        System.arraycopy(counts, 0, grown, offset - newLow, counts.length);
        counts = grown;
        offset = newLow;
    }

    /**
     * Adds decoded buckets ({@link Integer#MIN_VALUE} is the zero bucket), as {@link #writeBuckets} wrote them. Room for
     * all of them is made first: added one by one in ascending order, each would grow the arrays again.
     */
    public void addBuckets(int[] decodedBuckets, long[] decodedCounts, int n) {
        if (!dense() && size + n > DENSE_AT) {
            toDense();
        }
        if (dense()) {
            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                if (decodedBuckets[i] != Integer.MIN_VALUE) {
                    low = Math.min(low, decodedBuckets[i]);
                    high = Math.max(high, decodedBuckets[i]);
                }
            }
            if (low <= high) {
                ensureCovers(low, high);
            }
        } else if (buckets.length < size + n) {
            buckets = Arrays.copyOf(buckets, size + n);
            counts = Arrays.copyOf(counts, size + n);
        }
        for (int i = 0; i < n; i++) {
            if (decodedBuckets[i] == Integer.MIN_VALUE) {
                addToZero(decodedCounts[i]);
            } else {
                addToBucket(decodedBuckets[i], decodedCounts[i]);
            }
        }
    }

    public void merge(SampleSketch other, int sign) {
        zeroCount += sign * other.zeroCount;
        count += sign * other.count;
        int otherEntries = other.entries();
        if (otherEntries == 0) {
            return;
        }
        if (!dense() && (other.dense() || size + otherEntries > DENSE_AT)) {
            toDense();
        }
        if (dense()) {
            ensureCovers(other.bucketAt(0), other.bucketAt(otherEntries - 1));
            for (int j = 0; j < otherEntries; j++) {
                counts[other.bucketAt(j) - offset] += sign * other.counts[j];
            }
            return;
        }
        mergeSparse(other, sign);
    }

    /** Both sparse: adds in place when every bucket of {@code other} is here, else rebuilds the arrays once. */
    private void mergeSparse(SampleSketch other, int sign) {
        int missing = 0;
        for (int i = 0, j = 0; j < other.size; j++) {
            while (i < size && buckets[i] < other.buckets[j]) {
                i++;
            }
            if (i == size || buckets[i] != other.buckets[j]) {
                missing++;
            }
        }
        if (missing == 0) {
            for (int i = 0, j = 0; j < other.size; j++) {
                while (buckets[i] < other.buckets[j]) {
                    i++;
                }
                counts[i] += sign * other.counts[j];
            }
            return;
        }
        int[] mergedBuckets = new int[size + missing];
        long[] mergedCounts = new long[size + missing];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < size || j < other.size) {
            int bucket;
            long c;
            if (j == other.size || (i < size && buckets[i] < other.buckets[j])) {
                bucket = buckets[i];
                c = counts[i++];
            } else if (i == size || other.buckets[j] < buckets[i]) {
                bucket = other.buckets[j];
                c = sign * other.counts[j++];
            } else {
                bucket = buckets[i];
                c = counts[i++] + sign * other.counts[j++];
            }
            if (c != 0) {
                mergedBuckets[n] = bucket;
                mergedCounts[n++] = c;
            }
        }
        buckets = mergedBuckets;
        counts = mergedCounts;
        size = n;
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        if (zeroCount != 0) {
            return false;
        }
        for (int i = 0, n = entries(); i < n; i++) {
            if (counts[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** How many (bucket, count) pairs {@link #writeBuckets} writes. */
    public int nonZeroBuckets() {
        int n = zeroCount != 0 ? 1 : 0;
        for (int i = 0, e = entries(); i < e; i++) {
            n += counts[i] != 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Writes the non-zero buckets in value order as (bucket, count) pairs, the zero bucket first as
     * {@code Integer.MIN_VALUE}; {@link #addBuckets} reads them back.
     */
    public void writeBuckets(DataOutput out) throws IOException {
        if (zeroCount != 0) {
            out.writeInt(Integer.MIN_VALUE);
            out.writeLong(zeroCount);
        }
        for (int i = 0, n = entries(); i < n; i++) {
            if (counts[i] != 0) {
                out.writeInt(bucketAt(i));
                out.writeLong(counts[i]);
            }
        }
    }

    /** The p-th quantile interpolated linearly between closest ranks (PERCENTILE_CONT), or null without samples. */
    public Double quantile(double p) {
        if (count == 0) {
            return null;
        }
        if (zeroCount < 0 || Arrays.stream(counts, 0, entries()).anyMatch(n -> n < 0)) {
            throw new IllegalStateException("quantile of a sketch with negative counts: a delta, not a distribution");
        }
        double position = p * (count - 1);
        long lower = (long) Math.floor(position);
        double fraction = position - lower;
        double lowValue = valueAtRank(lower);
        if (fraction == 0) {
            return lowValue;
        }
        return lowValue + fraction * (valueAtRank(lower + 1) - lowValue);
    }

    private double valueAtRank(long rank) {
        long seen = zeroCount;
        if (rank < seen) {
            return 0.0;
        }
        for (int i = 0, n = entries(); i < n; i++) {
            seen += counts[i];
            if (rank < seen) {
                return valueOf(bucketAt(i));
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + count);
    }

    public SampleSketch copy() {
        SampleSketch c = new SampleSketch();
        c.merge(this, 1);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SampleSketch s) || s.zeroCount != zeroCount || s.count != count) {
            return false;
        }
        int i = 0;
        int j = 0;
        int mine = entries();
        int theirs = s.entries();
        while (true) { // the non-zero buckets of both, in order
            while (i < mine && counts[i] == 0) {
                i++;
            }
            while (j < theirs && s.counts[j] == 0) {
                j++;
            }
            if (i == mine || j == theirs) {
                return i == mine && j == theirs;
            }
            if (bucketAt(i) != s.bucketAt(j) || counts[i] != s.counts[j]) {
                return false;
            }
            i++;
            j++;
        }
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Long.hashCode(zeroCount);
    }
}
