package com.devsecopsmetrics.metrics.debt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start counts against a plain sorted map doing the same additions: small changes, large merges and removals. */
class StartCountsTest {

    @Test
    void agreesWithASortedMapOverRandomAdditionsAndMerges() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            StartCounts counts = new StartCounts();
            TreeMap<Long, Long> model = new TreeMap<>();
            int steps = random.nextInt(40);
            for (int step = 0; step < steps; step++) {
                // Changes of every size: a few entries go to the pending map, many take the sorted merge.
                int entries = random.nextInt(4) == 0 ? random.nextInt(2_000) : random.nextInt(5);
                int sign = random.nextBoolean() ? 1 : -1;
                StartCounts change = new StartCounts();
                TreeMap<Long, Long> changeModel = new TreeMap<>();
                for (int i = 0; i < entries; i++) {
                    long start = random.nextInt(3_000) * 1_000L;
                    long n = random.nextInt(3) + 1;
                    change.add(start, n);
                    changeModel.merge(start, n, Long::sum);
                }
                counts.add(change, sign);
                changeModel.forEach((start, n) -> model.merge(start, sign * n, Long::sum));
                model.values().removeIf(n -> n == 0);
            }
            assertEquals(model, counts.asMap());
            assertEquals(model.size(), counts.size());
            long deadline = random.nextInt(3_000) * 1_000L;
            assertEquals(model.headMap(deadline).values().stream().mapToLong(Long::longValue).sum(), counts.countBefore(deadline));
        }
    }

    @Test
    void readsRanksTotalsAndDeadlinesAcrossRunsAsAMergedStateWould() {
        Random random = new Random(11);
        for (int round = 0; round < 40; round++) {
            // A state as a snapshot sums it: partitions' totals, less the changes of later days (a subset of them).
            StartCounts state = new StartCounts();
            TreeMap<Long, Long> model = new TreeMap<>();
            int partitions = 1 + random.nextInt(6);
            for (int p = 0; p < partitions; p++) {
                StartCounts total = new StartCounts();
                StartCounts later = new StartCounts();
                TreeMap<Long, Long> partitionModel = new TreeMap<>();
                int entries = random.nextBoolean() ? StartCounts.RUN_ENTRIES + random.nextInt(20_000) : random.nextInt(300);
                for (int i = 0; i < entries; i++) {
                    long start = random.nextInt(400_000) * 60_000L - 5_000_000_000L;
                    long n = 1 + random.nextInt(3);
                    total.add(start, n);
                    partitionModel.merge(start, n, Long::sum);
                    if (random.nextInt(5) == 0) {
                        long removed = 1 + random.nextInt((int) n);
                        later.add(start, removed);
                        partitionModel.merge(start, -removed, Long::sum);
                    }
                }
                total.add(later, -1);
                state.add(total, 1);
                partitionModel.forEach((start, n) -> model.merge(start, n, Long::sum));
            }
            model.values().removeIf(n -> n == 0);
            List<Long> ranked = new ArrayList<>();
            model.forEach((start, n) -> {
                for (long i = 0; i < n; i++) {
                    ranked.add(start);
                }
            });
            assertEquals(ranked.size(), state.total());
            for (int probe = 0; probe < 50 && !ranked.isEmpty(); probe++) {
                int k = random.nextInt(ranked.size());
                assertEquals(ranked.get(k), state.startOfRank(k), "rank " + k);
                long deadline = ranked.get(random.nextInt(ranked.size())) + random.nextInt(3) - 1;
                assertEquals(model.headMap(deadline).values().stream().mapToLong(Long::longValue).sum(), state.countBefore(deadline));
            }
            if (!ranked.isEmpty()) {
                assertEquals(ranked.get(0), state.startOfRank(0));
                assertEquals(ranked.get(ranked.size() - 1), state.startOfRank(ranked.size() - 1));
            }
            assertEquals(model, state.asMap()); // and merged whole, the same entries
            assertEquals(ranked.size(), state.total());
        }
    }

    @Test
    void sumsManyCountsLikeAddingThemOneByOne() {
        Random random = new Random(13);
        for (int round = 0; round < 60; round++) {
            List<StartCounts> parts = new ArrayList<>();
            TreeMap<Long, Long> model = new TreeMap<>();
            int count = 1 + random.nextInt(80);
            for (int p = 0; p < count; p++) {
                StartCounts part = new StartCounts();
                int entries = random.nextInt(30) == 0 ? StartCounts.RUN_ENTRIES + random.nextInt(5_000) : random.nextInt(60);
                for (int i = 0; i < entries; i++) {
                    long start = random.nextInt(5_000) * 1_000L;
                    long n = random.nextInt(5) - 2; // changes: removals too, and entries that cancel
                    part.add(start, n);
                    model.merge(start, n, Long::sum);
                }
                parts.add(part);
            }
            Map<Long, Long> before = parts.get(0).asMap();
            StartCounts sum = StartCounts.sum(parts);
            model.values().removeIf(n -> n == 0);
            assertEquals(model, sum.asMap());
            assertEquals(before, parts.get(0).asMap(), "the parts are read, not changed");
        }
    }

    @Test
    void readsEntriesInAnyOrderAndDropsZeros() {
        StartCounts unsorted = StartCounts.of(new long[]{30, 10, 20, 10}, new long[]{1, 2, 0, 3});
        assertEquals(Map.of(10L, 5L, 30L, 1L), unsorted.asMap());
        assertEquals(List.of(10L, 30L), new ArrayList<>(unsorted.asMap().keySet()));
        StartCounts sorted = StartCounts.of(new long[]{10, 20, 30}, new long[]{2, 0, 1});
        assertEquals(List.of(10L, 30L), new ArrayList<>(sorted.asMap().keySet()));
    }

    @Test
    void equalContentsAreEqualHoweverTheyWereBuilt() {
        StartCounts byOne = new StartCounts();
        StartCounts merged = new StartCounts();
        StartCounts big = new StartCounts();
        for (long start = 0; start < 500; start++) {
            byOne.add(start, 1);
            big.add(start, 1);
        }
        big.add(999, 1);
        merged.add(big, 1);
        merged.add(999, -1);
        assertEquals(byOne, merged);
        assertEquals(byOne.hashCode(), merged.hashCode());
        merged.add(big, -1);
        merged.add(999, 1);
        assertTrue(merged.isEmpty());
    }
}
