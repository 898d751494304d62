package com.devsecopsmetrics.ledger;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollupTimingTest {
    private static final long COMMIT = 1000;
    private static final long TICK = RollupTiming.tickFor(COMMIT);

    private static final long MARGIN = 100;

    /**
     * Kafka Streams' thread loop: process for {@code iteration} ms (this task's events at a random point of it, or
     * none), run the punctuators that are due (other tasks' for up to {@code othersTook} ms), then commit (taking
     * {@code commitTook} ms) once the commit interval has passed since the last commit ended. Returns, for every
     * roll-up, how long before the next commit began it ran.
     */
    private static List<Long> rollupLeadTimes(long rollupInterval, long iteration, long commitTook, long start) {
        return rollupLeadTimes(rollupInterval, iteration, commitTook, 0, start);
    }

    private static List<Long> rollupLeadTimes(long rollupInterval, long iteration, long commitTook, long othersTook, long start) {
        java.util.Random random = new java.util.Random(start + iteration + commitTook);
        RollupTiming timing = new RollupTiming(rollupInterval, COMMIT, TICK, start, 0);
        List<Long> rollups = new ArrayList<>();
        List<Long> commitStarts = new ArrayList<>();
        long commits = 0;
        long nextTick = start + TICK;
        long lastCommitEnd = start;
        for (long now = start; now < start + 60_000; ) {
            if (random.nextInt(4) > 0) {
                timing.processing(now + random.nextInt((int) iteration + 1), commits);
            }
            now += iteration;
            if (now >= nextTick) {
                if (timing.tick(now, commits)) {
                    rollups.add(now);
                }
                while (nextTick <= now) {
                    nextTick += TICK;
                }
            }
            now += random.nextInt((int) othersTook + 1);
            if (now - lastCommitEnd > COMMIT) {
                commits++;
                commitStarts.add(now);
                now += commitTook;
                lastCommitEnd = now;
            }
        }
        List<Long> leads = new ArrayList<>();
        for (long r : rollups) {
            commitStarts.stream().filter(c -> c >= r).findFirst().ifPresent(c -> leads.add(c - r));
        }
        return leads;
    }

    @Test
    void rollsUpJustBeforeEachCommit() {
        for (long iteration : new long[]{1, 3, 7, 30}) {
            for (long took : new long[]{0, 15, 120, 333}) {
                for (long start : new long[]{0, 470, 995}) {
                    List<Long> leads = rollupLeadTimes(COMMIT, iteration, took, start);
                    int commits = (int) (60_000 / (COMMIT + took + iteration));
                    assertThat(leads).as("iteration %d, commit %d ms, start %d", iteration, took, start)
                            .hasSizeBetween(commits - 3, commits + 1)
                            .allSatisfy(lead -> assertThat(lead).isBetween(0L, MARGIN + TICK + iteration));
                }
            }
        }
    }

    @Test
    void otherTasksWorkBetweenATickAndTheCommitDoesNotMakeItLate() {
        List<Long> leads = rollupLeadTimes(COMMIT, 3, 150, 80, 120);
        assertThat(leads).hasSizeGreaterThan(40)
                .allSatisfy(lead -> assertThat(lead).isBetween(0L, MARGIN + TICK + 3 + 80));
    }

    @Test
    void aLongerIntervalSkipsCommitsButStillRunsJustBeforeOne() {
        List<Long> leads = rollupLeadTimes(2 * COMMIT, 2, 40, 300);
        assertThat(leads).hasSizeBetween(27, 30)
                .allSatisfy(lead -> assertThat(lead).isBetween(0L, MARGIN + TICK + 2));
    }

    @Test
    void runsOnItsIntervalWhenTheTaskDoesNotCommit() {
        RollupTiming timing = new RollupTiming(2000, COMMIT, 50, 0, 7);
        List<Long> rollups = new ArrayList<>();
        for (long now = 50; now <= 10_000; now += 50) {
            if (timing.tick(now, 7)) {
                rollups.add(now);
            }
        }
        assertThat(rollups).containsExactly(1900L, 3800L, 5700L, 7600L, 9500L);
    }

    @Test
    void aWallClockJumpPastBothIntervalsRunsIt() {
        // As a test driver advancing its clock: the task committed after each record, then the clock moves on.
        RollupTiming timing = new RollupTiming(2000, COMMIT, TICK, 0, 0);
        assertThat(timing.tick(3000, 5)).isTrue();
        assertThat(timing.tick(3001, 9)).isFalse();
        assertThat(timing.tick(5999, 12)).isFalse();
        assertThat(timing.tick(6001, 15)).isTrue();
    }
}
