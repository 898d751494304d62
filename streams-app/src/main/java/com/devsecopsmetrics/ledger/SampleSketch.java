package com.devsecopsmetrics.ledger;

import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable histogram of non-negative samples with logarithmic buckets, so every quantile it reports is
 * within 0.5% of the exact one (DDSketch's scheme). Unlike DDSketch's library it also subtracts, which the
 * roll-ups need when a late event changes a day that was already counted.
 */
public final class SampleSketch {
    static final double RELATIVE_ACCURACY = 0.005;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Samples this small (e.g. a lead time of a few milliseconds) count as zero. */
    private static final double MIN_POSITIVE = 1e-6;
    static final int ZERO_BUCKET = Integer.MIN_VALUE;

    /** bucket index -> count; sorted, so quantiles walk it in value order. */
    private final TreeMap<Integer, Long> buckets = new TreeMap<>();
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
        addToBucket(bucketOf(sample), 1);
    }

    static int bucketOf(double sample) {
        return sample < MIN_POSITIVE ? ZERO_BUCKET : (int) Math.ceil(Math.log(sample) / LOG_GAMMA);
    }

    static double valueOf(int bucket) {
        return bucket == ZERO_BUCKET ? 0.0 : 2 * Math.pow(GAMMA, bucket) / (GAMMA + 1);
    }

    void addToBucket(int bucket, long n) {
        // A delta (new minus old contribution) may hold negative counts; a stored total never does.
        long updated = buckets.getOrDefault(bucket, 0L) + n;
        if (updated == 0) {
            buckets.remove(bucket);
        } else {
            buckets.put(bucket, updated);
        }
        count += n;
    }

    public void merge(SampleSketch other, int sign) {
        other.buckets.forEach((b, n) -> addToBucket(b, sign * n));
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return buckets.isEmpty();
    }

    Map<Integer, Long> buckets() {
        return buckets;
    }

    /** The p-th quantile interpolated linearly between closest ranks (PERCENTILE_CONT), or null without samples. */
    public Double quantile(double p) {
        if (count == 0) {
            return null;
        }
        if (buckets.values().stream().anyMatch(n -> n < 0)) {
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
        long seen = 0;
        for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return valueOf(e.getKey());
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
        return o instanceof SampleSketch s && s.buckets.equals(buckets);
    }

    @Override
    public int hashCode() {
        return buckets.hashCode();
    }
}
