package com.devsecopsmetrics.ledger;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

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
            f.debt(com.devsecopsmetrics.debt.DebtState.of(new com.devsecopsmetrics.debt.FindingHistory.StatePoint(
                    java.time.Instant.ofEpochSecond(day * 86_400), com.devsecopsmetrics.debt.FindingHistory.State.OPEN,
                    java.time.Instant.ofEpochSecond(day * 86_400 - 3_600), com.devsecopsmetrics.events.Severity.CRITICAL,
                    com.devsecopsmetrics.events.Exploitability.PROVEN), com.devsecopsmetrics.debt.RiskWeights.DEFAULT), 1);
            c.days().put(day, f);
            assertThat(DayFiguresSerde.read(DayFiguresSerde.write(f))).isEqualTo(f);
        }
        ContributionSerde serde = new ContributionSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", c))).isEqualTo(c);
    }
}
