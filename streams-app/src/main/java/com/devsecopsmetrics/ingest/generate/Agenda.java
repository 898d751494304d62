package com.devsecopsmetrics.ingest.generate;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * One service's future: actions to run at given times (the next commit, a staged release's
 * promotion, a hotfix after a failure...). Running it up to a bound is how a window of time is
 * simulated; because a service only reads its own agenda, the outcome does not depend on how time
 * is cut into windows.
 */
final class Agenda {

    private record Entry(long at, long order, LongConsumer action) {
    }

    private final PriorityQueue<Entry> entries =
            new PriorityQueue<>(Comparator.comparingLong(Entry::at).thenComparingLong(Entry::order));
    private long order;
    private long now = Long.MIN_VALUE;

    void at(long at, LongConsumer action) {
        if (at < now) {
            throw new IllegalStateException("cannot schedule in the past: " + at + " < " + now);
        }
        entries.add(new Entry(at, order++, action));
    }

    /** Time of the action being run; nothing may be emitted before it. */
    long now() {
        return now;
    }

    void runBefore(long bound) {
        while (!entries.isEmpty() && entries.peek().at() < bound) {
            Entry next = entries.poll();
            now = next.at();
            next.action().accept(next.at());
        }
    }
}
