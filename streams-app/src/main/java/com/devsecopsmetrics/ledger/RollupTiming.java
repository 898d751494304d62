package com.devsecopsmetrics.ledger;

/**
 * When a task's roll-up runs: no more often than the roll-up interval, and just before one of the task's commits.
 * The roll-up deletes the pending rows it folds in; run just before a commit, those rows are put and deleted within
 * one commit and never reach the changelog, while a roll-up run just after a commit leaves each one written and
 * then deleted (two changelog records per row).
 *
 * <p>Kafka Streams commits once the commit interval has passed since its last commit ended. The task sees a commit
 * as a change of its commit count, best when it processes its next event, which follows the commit's end closely;
 * else at a tick, where it ended after the previous tick. The roll-up runs at the first tick within a margin of the
 * next commit: the margin covers what can come between a tick and the commit (the other tasks' work in the same
 * pass of the thread). A late tick costs only changelog records: the roll-up never waits longer than its interval
 * plus a commit interval (a clock that jumps, as a test driver's, finds it overdue), and runs on its interval when
 * the task stops committing.
 */
final class RollupTiming {
    private final long rollupIntervalMs;
    private final long commitIntervalMs;
    private final long tickMs;
    private final long marginMs;
    private long commitsSeen;
    private long lastTick;
    /** When the last commit seen ended, at the earliest. */
    private long lastCommit;
    private long lastRollup;

    RollupTiming(long rollupIntervalMs, long commitIntervalMs, long tickMs, long now, long commits) {
        this.rollupIntervalMs = rollupIntervalMs;
        this.commitIntervalMs = commitIntervalMs;
        this.tickMs = tickMs;
        this.marginMs = Math.max(2 * tickMs, commitIntervalMs / 10);
        this.commitsSeen = commits;
        this.lastTick = now;
        this.lastCommit = now;
        this.lastRollup = now;
    }

    /** How often to tick: a fiftieth of the commit interval, between 5 and 50 ms. */
    static long tickFor(long commitIntervalMs) {
        return Math.max(5, Math.min(50, commitIntervalMs / 50));
    }

    /** The task processes an event at {@code now}, with this commit count. */
    void processing(long now, long commits) {
        if (commits != commitsSeen) {
            commitsSeen = commits;
            lastCommit = now;
        }
    }

    /** A tick at {@code now} with the task's commit count; true when the roll-up should run now. */
    boolean tick(long now, long commits) {
        if (commits != commitsSeen) {
            commitsSeen = commits;
            lastCommit = Math.max(lastTick, now - tickMs);
        }
        lastTick = now;
        boolean commitNext = now - lastCommit >= commitIntervalMs - marginMs;
        long sinceRollup = now - lastRollup;
        if (commitNext && sinceRollup >= rollupIntervalMs - marginMs || sinceRollup >= rollupIntervalMs + commitIntervalMs) {
            lastRollup = now;
            return true;
        }
        return false;
    }
}
