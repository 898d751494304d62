package com.devsecopsmetrics.ingest.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The only source of randomness of the generator. Every decision goes through one of these, seeded
 * from the spec's seed, so the same spec always yields the same history.
 */
final class Dice {

    private final SplittableRandom random;

    Dice(long seed) {
        this(new SplittableRandom(seed));
    }

    private Dice(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream, so one service's decisions never shift another's. */
    Dice split() {
        return new Dice(random.split());
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** Uniform integer in [from, to], both inclusive. */
    int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    long nextLong() {
        return random.nextLong();
    }

    double exponential(double mean) {
        return -mean * Math.log(1.0 - random.nextDouble());
    }

    /** A skewed positive duration: half the draws are below {@code median}, a long tail above. */
    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    <T> T pick(Weighted<T> table) {
        return table.pick(random.nextDouble());
    }

    /** A value table with relative weights, kept in insertion order so picks are reproducible. */
    static final class Weighted<T> {
        private final List<T> values = new ArrayList<>();
        private final List<Double> cumulative = new ArrayList<>();
        private double total;

        Weighted<T> add(T value, double weight) {
            total += weight;
            values.add(value);
            cumulative.add(total);
            return this;
        }

        private T pick(double unit) {
            double target = unit * total;
            for (int i = 0; i < values.size(); i++) {
                if (target < cumulative.get(i)) {
                    return values.get(i);
                }
            }
            return values.get(values.size() - 1);
        }
    }
}
