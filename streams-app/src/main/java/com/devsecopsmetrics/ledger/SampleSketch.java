package com.devsecopsmetrics.ledger;

import java.util.Arrays;

/**
 * A mergeable histogram of non-negative samples with logarithmic buckets, so every quantile it reports is
 * within 0.5% of the exact one (DDSketch's scheme). Unlike DDSketch's library it also subtracts, which the
 * roll-ups need when a late event changes a day that was already counted. Counts live in a dense array over
 * the range of buckets in use, so merging the hundreds of days of a query is a loop of additions.
 */
public final class SampleSketch {
    static final double RELATIVE_ACCURACY = 0.005;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Samples this small (e.g. a lead time of a few milliseconds) count as zero. */
    private static final double MIN_POSITIVE = 1e-6;

    private long zeroCount;
    /** counts[i] is the count of bucket offset + i. */
    private long[] counts = new long[0];
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

    /** A delta (new minus old contribution) may hold negative counts; a stored total never does. */
    void addToBucket(int bucket, long n) {
        ensureCovers(bucket, bucket);
        counts[bucket - offset] += n;
        count += n;
    }

    /**
     * Adds decoded buckets ({@link Integer#MIN_VALUE} is the zero bucket), covering their whole range at once: added
     * one by one in ascending order, each would grow the array again.
     */
    void addBuckets(int[] buckets, long[] counts, int n) {
        int low = Integer.MAX_VALUE;
        int high = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (buckets[i] != Integer.MIN_VALUE) {
                low = Math.min(low, buckets[i]);
                high = Math.max(high, buckets[i]);
            }
        }
        if (low <= high) {
            ensureCovers(low, high);
        }
        for (int i = 0; i < n; i++) {
            if (buckets[i] == Integer.MIN_VALUE) {
                addToZero(counts[i]);
            } else {
                this.counts[buckets[i] - offset] += counts[i];
                count += counts[i];
            }
        }
    }

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

    public void merge(SampleSketch other, int sign) {
        zeroCount += sign * other.zeroCount;
        count += sign * other.count;
        if (other.counts.length == 0) {
            return;
        }
        ensureCovers(other.offset, other.offset + other.counts.length - 1);
        int shift = other.offset - offset;
        for (int i = 0; i < other.counts.length; i++) {
            counts[shift + i] += sign * other.counts[i];
        }
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        if (zeroCount != 0) {
            return false;
        }
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    /** How many (bucket, count) pairs {@link #writeBuckets} writes. */
    int nonZeroBuckets() {
        int n = zeroCount != 0 ? 1 : 0;
        for (long c : counts) {
            n += c != 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Writes the non-zero buckets in value order as (bucket, count) pairs, the zero bucket first as
     * {@code Integer.MIN_VALUE}; {@link #addBuckets} reads them back.
     */
    void writeBuckets(java.io.DataOutput out) throws java.io.IOException {
        if (zeroCount != 0) {
            out.writeInt(Integer.MIN_VALUE);
            out.writeLong(zeroCount);
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.writeInt(offset + i);
                out.writeLong(counts[i]);
            }
        }
    }

    /** The p-th quantile interpolated linearly between closest ranks (PERCENTILE_CONT), or null without samples. */
    public Double quantile(double p) {
        if (count == 0) {
            return null;
        }
        if (zeroCount < 0 || Arrays.stream(counts).anyMatch(n -> n < 0)) {
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
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (rank < seen) {
                return valueOf(offset + i);
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
        int low = Math.min(offset, s.offset);
        int high = Math.max(offset + counts.length, s.offset + s.counts.length);
        for (int b = low; b < high; b++) {
            if (at(b) != s.at(b)) {
                return false;
            }
        }
        return true;
    }

    private long at(int bucket) {
        int i = bucket - offset;
        return i >= 0 && i < counts.length ? counts[i] : 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Long.hashCode(zeroCount);
    }
}
