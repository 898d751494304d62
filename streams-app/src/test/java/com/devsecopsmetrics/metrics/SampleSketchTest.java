package com.devsecopsmetrics.metrics;

import com.devsecopsmetrics.ledger.ContributionSerde;
import com.devsecopsmetrics.ledger.DayFiguresSerde;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SampleSketchTest {
    /** PERCENTILE_CONT, computed directly on sorted samples. */
    static double exact(double[] samples, double p) {
        double[] s = samples.clone();
        Arrays.sort(s);
        double pos = p * (s.length - 1);
        int lo = (int) Math.floor(pos);
        return lo + 1 < s.length ? s[lo] + (pos - lo) * (s[lo + 1] - s[lo]) : s[lo];
    }

    @RepeatedTest(20)
    void quantilesAreWithinOnePercentOfTheExactInterpolatedOnes() {
        SplittableRandom random = new SplittableRandom();
        int n = 1 + random.nextInt(2000);
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            samples[i] = Math.exp(random.nextDouble(-3, 9)); // minutes to months, log-spread like lead times
        }
        SampleSketch sketch = SampleSketch.of(samples);
        for (double p : new double[]{0.0, 0.1, 0.5, 0.9, 0.99, 1.0}) {
            double expected = exact(samples, p);
            assertThat(sketch.quantile(p)).as("p%s of %d", p, n).isCloseTo(expected, within(expected * 0.01));
        }
    }

    @Test
    void interpolatesBetweenClosestRanksLikePercentileCont() {
        SampleSketch s = SampleSketch.of(1, 2, 3, 4);
        assertThat(s.quantile(0.5)).isCloseTo(2.5, within(0.025));
        assertThat(s.quantile(0.9)).isCloseTo(3.7, within(0.037));
    }

    @Test
    void zeroIsExactAndEmptyIsNull() {
        assertThat(SampleSketch.of(0, 0, 0).quantile(0.5)).isEqualTo(0.0);
        assertThat(new SampleSketch().quantile(0.5)).isNull();
    }

    @Test
    void subtractingWhatWasAddedLeavesNothing() {
        SampleSketch total = SampleSketch.of(1, 5, 9);
        total.merge(SampleSketch.of(5), -1);
        assertThat(total.count()).isEqualTo(2);
        assertThat(total.quantile(0.5)).isCloseTo(5.0, within(0.05));
        total.merge(SampleSketch.of(1, 9), -1);
        assertThat(total.isEmpty()).isTrue();
    }

    @Test
    void dayFiguresSurviveTheirBinaryForm() {
        DayFigures f = new DayFigures().count(DayFigures.Count.DEPLOYMENTS, 3).sum(DayFigures.Sum.RESTORE_HOURS, 2.5)
                .sample(DayFigures.Samples.LEAD_TIME_HOURS, 12).sample(DayFigures.Samples.LEAD_TIME_HOURS, 0)
                .defectClassIntake("CWE-79", 2);
        assertThat(DayFiguresSerde.read(DayFiguresSerde.write(f))).isEqualTo(f);
    }

    @Test
    void wideSketchesDebtAndAnyDefectClassNameSurviveTheBinaryFormInsideAContribution() {
        Contribution c = Contribution.none();
        for (long day = 20_000; day < 20_003; day++) {
            DayFigures f = new DayFigures().count(DayFigures.Count.DEPLOYMENTS, day - 19_999)
                    .defectClassIntake("CWE-79", 1).defectClassIntake("Ungültige Eingabe", 2);
            for (int i = 1; i <= 300; i++) {
                f.sample(DayFigures.Samples.LEAD_TIME_HOURS, i * 0.37 * (day - 19_999));
            }
            f.debt(com.devsecopsmetrics.metrics.debt.DebtState.of(new com.devsecopsmetrics.metrics.debt.FindingHistory.StatePoint(
                    java.time.Instant.ofEpochSecond(day * 86_400), com.devsecopsmetrics.metrics.debt.FindingHistory.State.OPEN,
                    java.time.Instant.ofEpochSecond(day * 86_400 - 3_600), com.devsecopsmetrics.events.Severity.CRITICAL,
                    com.devsecopsmetrics.events.Exploitability.PROVEN), com.devsecopsmetrics.metrics.debt.RiskWeights.DEFAULT), 1);
            c.days().put(day, f);
            assertThat(DayFiguresSerde.read(DayFiguresSerde.write(f))).isEqualTo(f);
        }
        ContributionSerde serde = new ContributionSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", c))).isEqualTo(c);
    }

    /**
     * Random sequences of additions, merges and subtractions (as the roll-ups' deltas make them), checked after each
     * step against a plain map of bucket counts: the pairs written, the count, equality with a sketch built from the
     * map, the binary form, and the quantiles while no count is negative.
     */
    @RepeatedTest(40)
    void behavesLikeAMapOfBucketCounts() throws IOException {
        SplittableRandom random = new SplittableRandom();
        SampleSketch sketch = new SampleSketch();
        TreeMap<Integer, Long> expected = new TreeMap<>(); // Integer.MIN_VALUE is the zero bucket, as written
        for (int step = 0; step < 150; step++) {
            SampleSketch other = new SampleSketch();
            TreeMap<Integer, Long> otherExpected = new TreeMap<>();
            for (int k = random.nextInt(8); k > 0; k--) {
                int bucket = random.nextInt(10) == 0 ? Integer.MIN_VALUE : random.nextInt(-40, 40) * (random.nextBoolean() ? 1 : 23);
                long n = 1 + random.nextInt(3);
                if (bucket == Integer.MIN_VALUE) {
                    other.addToZero(n);
                } else {
                    other.addToBucket(bucket, n);
                }
                otherExpected.merge(bucket, n, Long::sum);
            }
            int sign = random.nextInt(3) == 0 ? -1 : 1;
            sketch.merge(other, sign);
            otherExpected.forEach((bucket, n) -> expected.merge(bucket, sign * n, Long::sum));
            expected.values().removeIf(n -> n == 0);

            assertThat(written(sketch)).as("step %d", step).isEqualTo(expected);
            assertThat(sketch.nonZeroBuckets()).isEqualTo(expected.size());
            assertThat(sketch.count()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
            assertThat(sketch.isEmpty()).isEqualTo(expected.isEmpty());
            assertThat(sketch).isEqualTo(builtFrom(expected, random)).isEqualTo(sketch.copy());
            DayFigures f = new DayFigures();
            f.samplesMap().put(DayFigures.Samples.LEAD_TIME_HOURS, sketch.copy());
            assertThat(DayFiguresSerde.read(DayFiguresSerde.write(f)).get(DayFigures.Samples.LEAD_TIME_HOURS)).isEqualTo(sketch);
            if (!expected.isEmpty() && expected.values().stream().allMatch(n -> n > 0)) {
                for (double p : new double[]{0.0, 0.3, 0.5, 1.0}) {
                    assertThat(sketch.quantile(p)).isEqualTo(quantileOf(expected, p));
                }
            }
        }
    }

    private static Map<Integer, Long> written(SampleSketch sketch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sketch.writeBuckets(new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        Map<Integer, Long> pairs = new TreeMap<>();
        int previous = 0;
        for (int i = 0; in.available() > 0; i++) {
            int bucket = in.readInt();
            assertThat(i == 0 || bucket > previous).as("ascending, zero bucket first").isTrue();
            previous = bucket;
            pairs.put(bucket, in.readLong());
        }
        return pairs;
    }

    private static SampleSketch builtFrom(Map<Integer, Long> buckets, SplittableRandom random) {
        List<Map.Entry<Integer, Long>> entries = new ArrayList<>(buckets.entrySet());
        Collections.shuffle(entries, new java.util.Random(random.nextLong()));
        SampleSketch s = new SampleSketch();
        for (Map.Entry<Integer, Long> e : entries) {
            if (e.getKey() == Integer.MIN_VALUE) {
                s.addToZero(e.getValue());
            } else {
                s.addToBucket(e.getKey(), e.getValue());
            }
        }
        return s;
    }

    /** PERCENTILE_CONT over the bucket values, read straight off the map. */
    private static double quantileOf(TreeMap<Integer, Long> buckets, double p) {
        List<Double> values = new ArrayList<>();
        buckets.forEach((bucket, n) -> {
            for (long i = 0; i < n; i++) {
                values.add(bucket == Integer.MIN_VALUE ? 0.0 : SampleSketch.valueOf(bucket));
            }
        });
        double position = p * (values.size() - 1);
        int lower = (int) Math.floor(position);
        double fraction = position - lower;
        return fraction == 0 ? values.get(lower) : values.get(lower) + fraction * (values.get(lower + 1) - values.get(lower));
    }
}
