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
